package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * user's password_lock, expires, password_expire_min/max and generate_ssh_key over SSH, side by side with
 * ansible-playbook: opsctl applies to h001, Ansible to its twin h002; the accounts' /etc/shadow lines end the same
 * (creation, then a second playbook that changes them), opsctl then plans no change on either host, and Ansible run
 * on opsctl's host changes nothing. update_password (always, on_create) the same way; password_expire_warn, which
 * ansible-core 2.14 refuses, against the /etc/shadow line chage -W leaves on Ansible's host.
 */
@FleetHosts(2)
class UserPolicySideBySideIT {
    private static final String HASH = "$6$opsctlsalt$kyI.fQGn1AODuBM16HRcXgBPekcMf2C1v2sw0JFVfC2k3f7RoonFWoWx7phffUQcls8AsBgXnyj62z0hzG3141";
    private static final String HASH2 = "$6$opsctlsalt2$pf1BM8mzrJrCUvkqYMzzoQB.xXz3/LSa9AY8Aeul0ZXqlxW.TgxvRpKh5JudMZDV5llVLb9THway3QWPp7A3f/";
    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** The user's /etc/shadow line on {@code h}. */
    private static String shadow(FleetHost h, String user) throws IOException {
        return Files.readAllLines(fleet.path(h, "/etc/shadow")).stream().filter(l -> l.startsWith(user + ":")).findFirst()
                .orElse("(no line for " + user + ")");
    }

    /** The uid of {@code user} in the host's own /etc/passwd. */
    private static int uid(FleetHost h, String user) throws IOException {
        return Files.readAllLines(fleet.path(h, "/etc/passwd")).stream().filter(l -> l.startsWith(user + ":"))
                .map(l -> Integer.parseInt(l.split(":")[2])).findFirst().orElseThrow();
    }

    private static final String CREATE = """
            - hosts: all
              tasks:
                - name: locked account with an expiry and password aging
                  user: {name: alice, password: "%1$s", password_lock: yes, expires: 1893456000, password_expire_min: 1, password_expire_max: 90}
                - name: account that never expires
                  user: {name: bob, expires: -1, password_expire_max: 30}
                - name: account with a key pair
                  user: {name: carol, generate_ssh_key: yes, ssh_key_type: ed25519, ssh_key_comment: carol@test}
                  register: carol
                - name: keep what register says
                  copy: {content: "{{ carol.ssh_public_key }}\\n{{ carol.ssh_key_file }}\\n", dest: /etc/carol.registered}
            """;

    private static final String CHANGE = """
            - hosts: all
              tasks:
                - name: unlock, new expiry, longer aging
                  user: {name: alice, password_lock: no, expires: 1924992000, password_expire_max: 120}
                - name: lock and expire
                  user: {name: bob, password_lock: yes, expires: 1700000000.5}
                - name: key stays
                  user: {name: carol, generate_ssh_key: yes, ssh_key_type: ed25519}
                - name: a second key file, rsa of a given size
                  user: {name: carol, generate_ssh_key: yes, ssh_key_bits: 2048, ssh_key_file: .ssh/id_deploy}
            """;

    @Test
    void accountsEndAsAnsibleLeavesThem() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        Path create = twins.write("create.yml", CREATE.formatted(HASH));
        Path change = twins.write("change.yml", CHANGE);
        for (Path pb : List.of(create, change)) {
            twins.applyOnBoth(pb);
            for (String user : List.of("alice", "bob", "carol")) {
                assertThat(shadow(ours, user)).as(pb.getFileName() + " " + user).isEqualTo(shadow(twins.theirs(), user));
            }
            twins.settled(pb);
        }
        assertThat(shadow(ours, "alice")).startsWith("alice:" + HASH + ":").endsWith(":1:120:7::22280:");
        assertThat(shadow(ours, "bob")).startsWith("bob:!").endsWith(":19675:");

        for (FleetHost h : fleet.hosts()) {
            for (String key : List.of("id_ed25519", "id_deploy")) {
                Path priv = fleet.path(h, "/home/carol/.ssh/" + key);
                Path pub = fleet.path(h, "/home/carol/.ssh/" + key + ".pub");
                assertThat(twins.mode(h, "/home/carol/.ssh/" + key)).as(h + " " + key).isEqualTo("rw-------");
                assertThat(twins.mode(h, "/home/carol/.ssh/" + key + ".pub")).as(h + " " + key).isEqualTo("rw-r--r--");
                // Owner names from here would come from this machine's passwd: compare the host's uid for carol.
                assertThat(Files.getAttribute(priv, "unix:uid")).as(h + " " + key).isEqualTo(uid(h, "carol"));
                assertThat(Files.getAttribute(pub, "unix:uid")).as(h + " " + key).isEqualTo(uid(h, "carol"));
            }
            assertThat(twins.mode(h, "/home/carol/.ssh")).isEqualTo("rwx------");
            assertThat(Files.readString(fleet.path(h, "/home/carol/.ssh/id_ed25519.pub"))).startsWith("ssh-ed25519 ").endsWith(" carol@test\n");
            assertThat(Files.readString(fleet.path(h, "/home/carol/.ssh/id_deploy.pub")))
                    .startsWith("ssh-rsa ").endsWith(" ansible-generated on " + h.name() + "\n");
            twins.noTempFilesIn(h, "/home/carol/.ssh");
        }
        assertThat(Files.readString(fleet.path(ours, "/etc/carol.registered")))
                .isEqualTo(Files.readString(fleet.path(ours, "/home/carol/.ssh/id_ed25519.pub")).strip() + "\n/home/carol/.ssh/id_ed25519\n");
    }

    private static final String PASSWORDS = """
            - hosts: all
              tasks:
                - user: {name: dave, password: "%1$s", update_password: on_create}
                - user: {name: erin, password: "%1$s", update_password: always}
                - user: {name: fay, password: "%1$s"}
            """;

    @Test
    void updatePasswordEndsAsAnsibleLeavesIt() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        for (String hash : List.of(HASH, HASH2)) {
            Path pb = twins.write("passwords.yml", PASSWORDS.formatted(hash));
            twins.applyOnBoth(pb);
            for (String user : List.of("dave", "erin", "fay")) {
                assertThat(shadow(twins.ours(), user)).as(hash + " " + user).isEqualTo(shadow(twins.theirs(), user));
            }
            twins.settled(pb);
        }
        assertThat(shadow(twins.ours(), "dave")).startsWith("dave:" + HASH + ":");
        assertThat(shadow(twins.ours(), "erin")).startsWith("erin:" + HASH2 + ":");
        assertThat(shadow(twins.ours(), "fay")).startsWith("fay:" + HASH2 + ":");
    }

    @Test
    void warnDaysAreWhatChageDashWLeaves() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path ours = twins.write("warn.yml", """
                - hosts: all
                  tasks:
                    - user: {name: gil, password_expire_max: 60, password_expire_warn: 14}
                """);
        CliRun plan = twins.opsctl("plan", ours, twins.ours().name());
        assertThat(plan.out()).contains("password_expire_warn (unknown) -> 14");
        CliRun apply = twins.opsctl("apply", ours, twins.ours().name());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        CliRun again = twins.opsctl("plan", ours, twins.ours().name(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out()).isZero();

        AnsibleSideBySide.Result refused = twins.ansible(ours, twins.theirs().name());
        assertThat(refused.output()).contains("Unsupported parameters for (user) module: password_expire_warn");
        Path theirs = twins.write("chage.yml", """
                - hosts: all
                  tasks:
                    - user: {name: gil, password_expire_max: 60}
                    - command: chage -W 14 gil
                """);
        AnsibleSideBySide.Result twin = twins.ansible(theirs, twins.theirs().name());
        assertThat(twin.exitCode()).as(twin.output()).isZero();
        assertThat(shadow(twins.ours(), "gil")).endsWith(":60:14:::").isEqualTo(shadow(twins.theirs(), "gil"));
    }
}
