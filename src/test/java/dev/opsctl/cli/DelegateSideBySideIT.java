package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code delegate_to} a peer, side by side with ansible-playbook: opsctl runs the play on h001 and h002, Ansible on
 * h003 and h004, each host writing to the other of its pair; the files end the same on both pairs, and afterwards
 * opsctl plans no change and Ansible run on opsctl's pair changes nothing.
 */
@FleetHosts(4)
class DelegateSideBySideIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String PLAYBOOK = """
            - hosts: all
              tasks:
                - name: my line on my peer
                  lineinfile:
                    path: /etc/opsctl-peer
                    line: "peer {{ inventory_hostname | regex_replace('h00[13]', 'first') | regex_replace('h00[24]', 'second') }}"
                    create: yes
                    mode: "0644"
                  delegate_to: "{{ ansible_play_hosts_all | difference([inventory_hostname]) | first }}"
                - name: a directory on my peer
                  file:
                    path: /srv/opsctl-peer
                    state: directory
                    mode: "0750"
                  delegate_to: "{{ ansible_play_hosts_all | difference([inventory_hostname]) | first }}"
            """;

    @Test
    void eachPairEndsTheSame() throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK);
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv, "-l", "h001:h002");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide ansible = AnsibleSideBySide.configure(tmp, fleet);
        AnsibleSideBySide.Result theirs = ansible.run(pb, inv, "h003:h004");
        assertThat(theirs.exitCode()).as(theirs.output()).isZero();

        assertThat(read("h002", "/etc/opsctl-peer")).isEqualTo(read("h004", "/etc/opsctl-peer")).isEqualTo("peer first\n");
        assertThat(read("h001", "/etc/opsctl-peer")).isEqualTo(read("h003", "/etc/opsctl-peer")).isEqualTo("peer second\n");
        for (String[] pair : new String[][] {{"h001", "h003"}, {"h002", "h004"}}) {
            for (String path : new String[] {"/etc/opsctl-peer", "/srv/opsctl-peer"}) {
                assertThat(Files.getPosixFilePermissions(fleet.path(fleet.host(pair[0]), path)))
                        .as(pair[0] + path).isEqualTo(Files.getPosixFilePermissions(fleet.path(fleet.host(pair[1]), path)));
            }
        }

        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "-l", "h001:h002", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        AnsibleSideBySide.Result after = ansible.run(pb, inv, "h001:h002");
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(after.changed("h001") + after.changed("h002")).as(after.output()).isZero();
    }

    private static String read(String host, String path) throws Exception {
        return Files.readString(fleet.path(fleet.host(host), path));
    }
}
