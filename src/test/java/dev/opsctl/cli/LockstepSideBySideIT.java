package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ansible's order across hosts, side by side on four fleet hosts: the same play is applied by opsctl (its files under
 * {@code /tmp/ops-*}) and by ansible-playbook ({@code /tmp/ans-*}), and every host ends with the same files. With
 * {@code any_errors_fatal}, h002 failing task 2 of 4 leaves no host with task 3's file, runs no handler and no later
 * play; with reads across hosts ({@code set_fact}, {@code register}, a template looping over {@code groups} and
 * {@code hostvars}, {@code run_once}) every host writes what Ansible writes.
 */
@FleetHosts(4)
class LockstepSideBySideIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path inventory() throws IOException {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        return inv;
    }

    /** The play for opsctl ({@code ops}) and for Ansible ({@code ans}): {@code PREFIX} names where each writes. */
    private Path playbook(String who, String yaml) throws IOException {
        return Files.writeString(tmp.resolve(who + ".yml"), yaml.replace("PREFIX", "/tmp/" + who + "-" + tmp.getFileName()));
    }

    /** Per host, the files of this test (each test has its own temporary directory and so its own prefix). */
    private static Map<String, String> files(String prefix) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (FleetHost h : fleet.hosts()) {
            StringBuilder listing = new StringBuilder();
            try (Stream<Path> names = Files.list(fleet.path(h, "/tmp"))) {
                for (Path p : names.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList()) {
                    listing.append(p.getFileName().toString().substring(prefix.length())).append(": ").append(Files.readString(p));
                }
            }
            out.put(h.name(), listing.toString());
        }
        return out;
    }

    private static final String FATAL = """
            - hosts: all
              gather_facts: false
              any_errors_fatal: true
              tasks:
                - copy: {dest: PREFIX-t1, content: "1\\n"}
                  notify: handler
                - command: "{{ 'false' if inventory_hostname == 'h002' else 'true' }}"
                - copy: {dest: PREFIX-t3, content: "3\\n"}
                - copy: {dest: PREFIX-t4, content: "4\\n"}
              handlers:
                - name: handler
                  copy: {dest: PREFIX-handler, content: "h\\n"}
            - hosts: all
              gather_facts: false
              tasks:
                - copy: {dest: PREFIX-play2, content: "2\\n"}
            """;

    @Test
    void anyErrorsFatalStopsEveryHostAfterTheTaskThatFailedAsAnsibleDoes() throws Exception {
        CliRun ours = CliRun.onFleet(fleet, "apply", playbook("ops", FATAL), inventory(), "-f", "2");
        AnsibleSideBySide.Result theirs = AnsibleSideBySide.configure(tmp, fleet).run(playbook("ans", FATAL), inventory(), "all");
        assertThat(theirs.exitCode()).as(theirs.output()).isEqualTo(2);
        assertThat(ours.exitCode()).as(ours.out() + ours.err()).isEqualTo(2);
        assertThat(ours.out()).contains("Stopped: h002 failed and any_errors_fatal is set.");
        Map<String, String> opsFiles = files("ops-" + tmp.getFileName() + "-");
        assertThat(opsFiles).isEqualTo(files("ans-" + tmp.getFileName() + "-"));
        assertThat(opsFiles).containsEntry("h001", "t1: 1\n").containsEntry("h002", "t1: 1\n");
    }

    private static final String ACROSS = """
            - hosts: all
              gather_facts: false
              tasks:
                - set_fact:
                    token: "t-{{ inventory_hostname }}"
                - command: echo id-{{ inventory_hostname }}
                  register: id_out
                  changed_when: false
                - copy:
                    dest: PREFIX-peers
                    content: |
                      {% for h in groups['all'] | sort %}
                      {{ h }} {{ hostvars[h].token }} {{ hostvars[h].id_out.stdout }}
                      {% endfor %}
                - copy: {dest: PREFIX-first, content: "{{ hostvars[ansible_play_hosts | first].token }}\\n"}
                - command: echo once-from-{{ inventory_hostname }}
                  register: once
                  run_once: true
                - copy: {dest: PREFIX-once, content: "{{ once.stdout }}\\n"}
            """;

    @Test
    void readsAcrossHostsSeeWhatEveryHostSetEarlierInThePlay() throws Exception {
        Path ours = playbook("ops", ACROSS);
        CliRun plan = CliRun.onFleet(fleet, "plan", ours, inventory());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("depends on 'hostvars['h001'].id_out.stdout', known after apply");
        CliRun apply = CliRun.onFleet(fleet, "apply", ours, inventory(), "-f", "2");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result theirs = AnsibleSideBySide.configure(tmp, fleet).run(playbook("ans", ACROSS), inventory(), "all");
        assertThat(theirs.exitCode()).as(theirs.output()).isZero();
        Map<String, String> opsFiles = files("ops-" + tmp.getFileName() + "-");
        assertThat(opsFiles).isEqualTo(files("ans-" + tmp.getFileName() + "-"));
        assertThat(opsFiles.get("h003")).isEqualTo("first: t-h001\nonce: once-from-h001\n"
                + "peers: h001 t-h001 id-h001\nh002 t-h002 id-h002\nh003 t-h003 id-h003\nh004 t-h004 id-h004\n");
    }
}
