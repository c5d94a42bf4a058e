package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * locale_gen and debconf over SSH, side by side with ansible-playbook: opsctl applies to h001, Ansible to its twin
 * h002; /etc/locale.gen, the compiled locales and debconf's answers end the same, opsctl then plans no change on either
 * host, and Ansible run on opsctl's host changes nothing. A password answer reaches debconf but no output.
 */
@FleetHosts(2)
class LocaleDebconfSideBySideIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** The stanzas of debconf's database on {@code h} that name {@code questions}, as debconf keeps them. */
    private static List<String> debconfStanzas(FleetHost h, String db, List<String> questions) throws IOException {
        List<String> out = new ArrayList<>();
        for (String stanza : Files.readString(fleet.path(h, "/var/cache/debconf/" + db)).split("\n\n")) {
            for (String q : questions) if (stanza.startsWith("Name: " + q + "\n")) out.add(stanza);
        }
        return out;
    }

    private static final String ENABLE = """
            - hosts: all
              tasks:
                - name: US English
                  locale_gen: {name: en_US.UTF-8}
                - name: Swiss German
                  community.general.locale_gen: {name: de_CH.UTF-8, state: present}
                - name: area
                  debconf: {name: tzdata, question: tzdata/Areas, vtype: select, value: Europe}
                - name: default locale
                  ansible.builtin.debconf: {name: locales, question: locales/default_environment_locale, vtype: select, value: en_US.UTF-8}
                - name: a question of a package debconf does not know
                  debconf: {pkg: opsctl-test, setting: opsctl-test/enabled, vtype: boolean, answer: yes, unseen: yes}
            """;

    private static final String CHANGE = """
            - hosts: all
              tasks:
                - name: Swiss German goes
                  locale_gen: {name: de_CH.UTF-8, state: absent}
                - name: US English stays
                  locale_gen: {name: en_US.UTF-8}
                - name: area
                  debconf: {name: tzdata, question: tzdata/Areas, vtype: select, value: Asia}
                - name: flag off
                  debconf: {name: opsctl-test, question: opsctl-test/enabled, vtype: boolean, value: "False"}
            """;

    private static final List<String> QUESTIONS = List.of("tzdata/Areas", "locales/default_environment_locale", "opsctl-test/enabled");

    @Test
    void localesAndAnswersEndAsAnsibleLeavesThem() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        FleetHost theirs = twins.theirs();
        Path listLocales = twins.write("list.yml", "- hosts: all\n  tasks:\n    - shell: locale -a > /root/locales\n");
        for (Path pb : List.of(twins.write("enable.yml", ENABLE), twins.write("change.yml", CHANGE))) {
            twins.applyOnBoth(pb);
            assertThat(twins.opsctl("apply", listLocales, "all").exitCode()).isZero();
            assertThat(twins.read(ours, "/etc/locale.gen")).isEqualTo(twins.read(theirs, "/etc/locale.gen"));
            assertThat(twins.read(ours, "/root/locales")).isEqualTo(twins.read(theirs, "/root/locales"));
            assertThat(debconfStanzas(ours, "config.dat", QUESTIONS)).isEqualTo(debconfStanzas(theirs, "config.dat", QUESTIONS)).isNotEmpty();
            twins.settled(pb);
        }
        assertThat(twins.read(ours, "/root/locales")).contains("en_US.utf8").doesNotContain("de_CH");
        assertThat(twins.read(ours, "/etc/locale.gen")).contains("\nen_US.UTF-8 UTF-8\n", "\n# de_CH.UTF-8 UTF-8\n");
        assertThat(String.join("\n", debconfStanzas(ours, "config.dat", List.of("tzdata/Areas")))).contains("Value: Asia");
    }

    @Test
    void aPasswordAnswerIsSetButNeverShown() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path pb = twins.write("password.yml", """
                - hosts: all
                  tasks:
                    - debconf: {name: opsctl-test, question: opsctl-test/password, vtype: password, value: "s3cret-answer"}
                      register: answer
                    - debug: {var: answer}
                """);
        CliRun plan = twins.opsctl("plan", pb, "all", "--diff");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out() + plan.err()).contains("debconf opsctl-test opsctl-test/password").doesNotContain("s3cret-answer");
        CliRun apply = twins.opsctl("apply", pb, "h001", "-v");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out() + apply.err()).doesNotContain("s3cret-answer");
        AnsibleSideBySide.Result twin = twins.ansible(pb, "h002");
        assertThat(twin.exitCode()).as(twin.output()).isZero();
        List<String> ours = debconfStanzas(fleet.host("h001"), "passwords.dat", List.of("opsctl-test/password"));
        assertThat(ours).isEqualTo(debconfStanzas(fleet.host("h002"), "passwords.dat", List.of("opsctl-test/password")));
        assertThat(String.join("\n", ours)).contains("Value: s3cret-answer");
    }
}
