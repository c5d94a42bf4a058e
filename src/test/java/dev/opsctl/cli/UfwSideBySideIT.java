package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ufw module beside ansible-playbook's community.general.ufw, on isolated fleet hosts (each has its own network
 * namespace, so each host's firewall is its own, never the machine's): one playbook of firewall tasks with opsctl on
 * h001 and with Ansible on h002 leaves the same rules files, ufw.conf, /etc/default/ufw and live iptables rules, and
 * the same registered values; a second opsctl plan is "No changes." and Ansible afterwards on h001 changes nothing.
 */
@FleetHosts(value = 2, isolated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UfwSideBySideIT {
    private static Fleet fleet;

    @TempDir
    static Path tmp;

    private static Path inventory;
    private static AnsibleSideBySide ansible;

    private static final String INSERT = "    - ufw: {rule: allow, port: \"443\", proto: tcp, insert: 1, insert_relative_to: first-ipv6}\n";

    private static final String FIREWALL = """
            - hosts: all
              gather_facts: false
              tasks:
                - ufw: {rule: allow, port: "22", proto: tcp}
                  register: ssh
                - community.general.ufw: {state: enabled, policy: deny}
                  register: fw_on
                - ufw: {rule: limit, src: 10.0.0.0/8, port: "2222", proto: tcp, comment: "admin ssh"}
                  register: limit
                - ufw: {rule: deny, from: "2001:db8::/32", to_port: "25", proto: tcp}
            """ + INSERT + """
                - ufw: {rule: allow, port: "8080", delete: true}
                  register: gone
                - ufw: {rule: allow, direction: in, interface: lo, comment: loopback}
                - ufw: {default: allow, direction: outgoing}
                - ufw: {logging: medium}
                  register: logs
                - copy:
                    dest: /root/registered
                    content: |
                      {{ ssh.changed }} {{ ssh.commands | to_json }}
                      {{ fw_on.changed }} {{ fw_on.commands | to_json }}
                      {{ fw_on.msg }}
                      {{ limit.changed }} {{ limit.commands | to_json }}
                      {{ gone.changed }} {{ logs.changed }} {{ logs.commands | to_json }}
            """;

    /** What a host's firewall is, read inside the host: ufw's own view and the live rules of its network namespace. */
    private static final String READ_FIREWALL = """
            - hosts: all
              gather_facts: false
              tasks:
                - shell: ufw status verbose; iptables -S | sort; ip6tables -S | sort
                  register: live
                  changed_when: false
                - copy: {dest: /root/firewall, content: "{{ live.stdout }}\\n"}
            """;

    @BeforeAll
    static void setUp() throws Exception {
        inventory = tmp.resolve("inventory.yml");
        fleet.inventory(inventory);
        ansible = AnsibleSideBySide.configure(tmp, fleet);
        Files.writeString(tmp.resolve("firewall.yml"), FIREWALL);
        // The same tasks without the copy of what they registered (which holds changed flags, so it differs run to run).
        // Without the relative insert too: run again, ufw refuses its position (Ansible fails there; see the last test).
        Files.writeString(tmp.resolve("converged.yml"), FIREWALL.substring(0, FIREWALL.indexOf("    - copy:")).replace(INSERT, ""));
        Files.writeString(tmp.resolve("insert-again.yml"), "- hosts: all\n  gather_facts: false\n  tasks:\n" + INSERT);
        Files.writeString(tmp.resolve("read.yml"), READ_FIREWALL);
    }

    private static String file(FleetHost h, String path) throws Exception {
        return Files.readString(fleet.path(h, path));
    }

    @Test
    @Order(1)
    void aFreshHostPlansEveryFirewallTaskAndChangesNothing() throws Exception {
        CliRun plan = CliRun.onFleet(fleet, "plan", tmp.resolve("firewall.yml"), inventory, "--limit", "h001");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("> ufw: ufw allow from any to any port 22 proto tcp", "/usr/sbin/ufw -f enable",
                "/usr/sbin/ufw limit from 10.0.0.0/8 to any port 2222 proto tcp comment 'admin ssh'");
        assertThat(file(fleet.host("h001"), "/etc/ufw/ufw.conf")).contains("ENABLED=no");
        assertThat(file(fleet.host("h001"), "/etc/ufw/user.rules")).doesNotContain("### tuple");
    }

    @Test
    @Order(2)
    void opsctlAndAnsibleLeaveTheSameFirewallAndRegisterTheSameValues() throws Exception {
        CliRun apply = CliRun.onFleet(fleet, "apply", tmp.resolve("firewall.yml"), inventory, "--limit", "h001", "--yes");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result theirs = ansible.run(tmp.resolve("firewall.yml"), inventory, "h002");
        assertThat(theirs.exitCode()).as(theirs.output()).isZero();

        CliRun read = CliRun.onFleet(fleet, "apply", tmp.resolve("read.yml"), inventory, "--yes");
        assertThat(read.exitCode()).as(read.out() + read.err()).isZero();
        FleetHost mine = fleet.host("h001");
        FleetHost twin = fleet.host("h002");
        for (String path : List.of("/etc/ufw/user.rules", "/etc/ufw/user6.rules", "/etc/ufw/ufw.conf", "/etc/default/ufw", "/root/firewall",
                "/root/registered")) {
            assertThat(file(mine, path)).as(path).isEqualTo(file(twin, path));
        }
        assertThat(file(mine, "/root/firewall")).contains("Status: active", "Logging: on (medium)",
                "Default: deny (incoming), allow (outgoing)", "2222/tcp                   LIMIT IN    10.0.0.0/8                 # admin ssh",
                "-A ufw-user-input -p tcp -m tcp --dport 22 -j ACCEPT");
        assertThat(file(mine, "/root/registered")).startsWith("True [\"/usr/sbin/ufw status verbose\"").contains("\nFalse True ");
    }

    @Test
    @Order(3)
    void aConvergedHostPlansNoChangesAndAnsibleChangesNothingOnIt() throws Exception {
        CliRun replan = CliRun.onFleet(fleet, "plan", tmp.resolve("converged.yml"), inventory, "--limit", "h001", "--detailed-exitcode");
        assertThat(replan.exitCode()).as(replan.out() + replan.err()).isZero();
        assertThat(replan.out()).contains("No changes.");
        AnsibleSideBySide.Result again = ansible.run(tmp.resolve("converged.yml"), inventory, "h001");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.changed("h001")).as(again.output()).isZero();
    }

    @Test
    @Order(4)
    void aRelativeInsertRunAgainFailsAsAnsibleFailsWithUfwsOwnMessage() throws Exception {
        AnsibleSideBySide.Result theirs = ansible.run(tmp.resolve("insert-again.yml"), inventory, "h002");
        assertThat(theirs.exitCode()).as(theirs.output()).isNotZero();
        java.util.regex.Matcher refused = java.util.regex.Pattern.compile("ERROR: Invalid position '\\d+'").matcher(theirs.output());
        assertThat(refused.find()).as(theirs.output()).isTrue();
        CliRun mine = CliRun.onFleet(fleet, "plan", tmp.resolve("insert-again.yml"), inventory, "--limit", "h001");
        assertThat(mine.exitCode()).as(mine.out() + mine.err()).isNotZero();
        assertThat(mine.out() + mine.err()).contains(refused.group());
    }
}
