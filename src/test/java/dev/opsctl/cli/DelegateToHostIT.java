package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code delegate_to} another inventory host, as roles register peers on one host or write a file for each host on a
 * central one: the plan names the host a task reaches and changes nothing; the apply writes there, with the
 * delegating host's variables, and every host's line lands (one task at a time on a delegate, so none is lost);
 * a delegate outside the inventory or outside --limit is refused before any host is touched.
 */
@FleetHosts(3)
class DelegateToHostIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String PLAYBOOK = """
            - hosts: all
              tasks:
                - name: each host's line on the first host
                  lineinfile:
                    path: /etc/opsctl-peers
                    line: "peer {{ inventory_hostname }}"
                    create: yes
                  delegate_to: "{{ groups['all'] | first }}"
                - name: a file on the last host, from each
                  copy:
                    content: "from {{ inventory_hostname }}\\n"
                    dest: "/tmp/opsctl-from-{{ inventory_hostname }}"
                  delegate_to: h003
                - name: its own file
                  copy:
                    content: "own\\n"
                    dest: /tmp/opsctl-own
            """;

    @Test
    void tasksDelegatedToAnotherHostPlanApplyAndSettleThere() throws Exception {
        List<FleetHost> h = fleet.hosts();
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK);
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);

        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("each host's line on the first host: ").contains("(on h001)")
                .contains("(on h003)");
        assertThat(Files.exists(fleet.path(h.get(0), "/etc/opsctl-peers"))).as("a plan changes nothing").isFalse();

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv, "-f", "3");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readAllLines(fleet.path(h.get(0), "/etc/opsctl-peers")))
                .as("every host's line, none lost to another host's write").containsExactlyInAnyOrder("peer h001", "peer h002", "peer h003");
        for (FleetHost host : h) {
            assertThat(Files.readString(fleet.path(h.get(2), "/tmp/opsctl-from-" + host.name()))).isEqualTo("from " + host.name() + "\n");
            assertThat(Files.readString(fleet.path(host, "/tmp/opsctl-own"))).isEqualTo("own\n");
        }
        assertThat(Files.exists(fleet.path(h.get(1), "/etc/opsctl-peers"))).isFalse();
        assertThat(Files.exists(fleet.path(h.get(0), "/tmp/opsctl-from-h001"))).isFalse();

        CliRun again = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    }

    @Test
    void aDelegateTheOperatorDidNotNameIsRefusedBeforeAnyHostIsTouched() throws Exception {
        List<FleetHost> h = fleet.hosts();
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: all
                  tasks:
                    - name: first, a file of its own
                      copy: {content: "x\\n", dest: /tmp/opsctl-refused}
                    - name: then one on a host outside the inventory
                      command: touch /tmp/opsctl-never
                      delegate_to: db.example.com
                """);
        for (String command : List.of("plan", "apply")) {
            CliRun run = CliRun.onFleet(fleet, command, pb, inv);
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.err()).contains("site.yml:5:7:").contains("delegate_to: 'db.example.com' is not a host of the inventory");
        }

        Files.writeString(pb, """
                - hosts: all
                  tasks:
                    - name: first, a file of its own
                      copy: {content: "x\\n", dest: /tmp/opsctl-refused}
                    - name: then one on a host the limit leaves out
                      command: touch /tmp/opsctl-never
                      delegate_to: h003
                """);
        CliRun limited = CliRun.onFleet(fleet, "apply", pb, inv, "--limit", "h001:h002");
        assertThat(limited.exitCode()).as(limited.out() + limited.err()).isEqualTo(3);
        assertThat(limited.err()).contains("site.yml:5:7:").contains("delegate_to: 'h003' is outside --limit h001:h002");
        for (FleetHost host : h) {
            assertThat(Files.exists(fleet.path(host, "/tmp/opsctl-refused"))).as("nothing ran on " + host.name()).isFalse();
            assertThat(Files.exists(fleet.path(host, "/tmp/opsctl-never"))).isFalse();
        }

        // A templated delegate is known only per host: the task fails on that host, after its earlier tasks.
        Files.writeString(pb, """
                - hosts: h001
                  tasks:
                    - name: one on a host named by a variable
                      command: touch /tmp/opsctl-never
                      delegate_to: "{{ 'nowhere' }}"
                """);
        CliRun templated = CliRun.onFleet(fleet, "plan", pb, inv);
        assertThat(templated.exitCode()).as(templated.out() + templated.err()).isEqualTo(3);
        assertThat(templated.out() + templated.err()).contains("delegate_to: 'nowhere' is not a host of the inventory");
    }

    @Test
    void hostsTakeTurnsOnTheController() throws Exception {
        Path ctl = tmp.resolve("controller");
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: all
                  tasks:
                    - name: one directory on the controller, for every host
                      file: {path: "%1$s/keys", state: directory, mode: "0700"}
                      delegate_to: localhost
                    - name: each host's line in one controller file
                      lineinfile: {path: "%1$s/keys/hosts", line: "{{ inventory_hostname }}", create: yes}
                      delegate_to: localhost
                """.formatted(ctl));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv, "-f", "3");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readAllLines(ctl.resolve("keys/hosts"))).containsExactlyInAnyOrder("h001", "h002", "h003");
        CliRun again = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
    }
}
