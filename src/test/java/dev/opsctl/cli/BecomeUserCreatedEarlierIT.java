package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task that becomes a user an earlier task of the same play creates (roles make a user, then write its ~/.ssh as
 * that user): on a fresh host the plan shows it as known after apply instead of failing on sudo's "unknown user",
 * the apply writes as that user, and the rerun plans no change. A become user nothing creates still fails the plan.
 */
@FleetHosts(1)
class BecomeUserCreatedEarlierIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String PLAYBOOK = """
            - hosts: all
              tasks:
                - name: the user
                  user:
                    name: opsctlkeys
                    create_home: yes
                - name: a user a command makes
                  command: useradd -m opsctlcmd
                  args:
                    creates: /home/opsctlcmd
                - name: its ssh directory, as the user
                  become: true
                  become_user: opsctlkeys
                  file:
                    path: /home/opsctlkeys/.ssh
                    state: directory
                    mode: "0700"
                - name: a note, as the user the command made
                  become: true
                  become_user: opsctlcmd
                  copy:
                    content: "mine\\n"
                    dest: /home/opsctlcmd/note
            """;

    @Test
    void aBecomeUserAnEarlierTaskCreatesIsKnownAfterApply() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK);
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);

        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out())
                .contains("become user 'opsctlkeys' does not exist now; an earlier task creates it: known after apply")
                .containsPattern("a note, as the user the command made: copy \\(become user 'opsctlcmd' does not exist now; '[^']+' runs first: known after apply\\)")
                .doesNotContain("unknown user");
        assertThat(Files.exists(fleet.path(h, "/home/opsctlkeys"))).as("a plan changes nothing").isFalse();

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        Path ssh = fleet.path(h, "/home/opsctlkeys/.ssh");
        assertThat(Files.getAttribute(ssh, "unix:uid")).isEqualTo(uid(h, "opsctlkeys"));
        Path note = fleet.path(h, "/home/opsctlcmd/note");
        assertThat(Files.readString(note)).isEqualTo("mine\n");
        assertThat(Files.getAttribute(note, "unix:uid")).isEqualTo(uid(h, "opsctlcmd"));

        CliRun again = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    }

    /** The uid of {@code user} in the host's own /etc/passwd (the host's users are not this machine's). */
    private static int uid(FleetHost h, String user) throws Exception {
        return Files.readAllLines(fleet.path(h, "/etc/passwd")).stream().map(l -> l.split(":"))
                .filter(f -> f[0].equals(user)).mapToInt(f -> Integer.parseInt(f[2])).findFirst().orElseThrow();
    }

    @Test
    void aBecomeUserNothingCreatesStillFailsThePlan() throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: all
                  tasks:
                    - name: as a user nobody makes
                      become: true
                      become_user: opsctlnobody
                      file:
                        path: /tmp/opsctl-nobody
                        state: directory
                """);
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isNotIn(0, 2);
        assertThat(plan.out() + plan.err()).contains("unknown user opsctlnobody");
    }
}
