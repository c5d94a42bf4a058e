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
 * blockinfile, replace, stat and include_vars over SSH against real sshd hosts: each host's own file is edited as
 * Ansible would (the expected bytes are what ansible-core 2.14 writes for the same tasks), values read from a vars
 * file on the controller reach the hosts, and a second apply changes nothing.
 */
@FleetHosts(2)
class TextModulesIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void editsEachHostsFileOnceAndASecondApplyChangesNothing() throws Exception {
        // Each host starts with its own version of the file: the edits must work on what is there.
        for (FleetHost h : fleet.hosts()) {
            Path conf = fleet.path(h, "/etc/opsctl-text.conf");
            Files.createDirectories(conf.getParent());
            Files.writeString(conf, "# " + h.name() + "\nListen 80\nServerName old.example\n");
        }
        Files.createDirectories(tmp.resolve("vars"));
        Files.writeString(tmp.resolve("vars/site.yml"), "site_name: www.example.org\nsite_port: 8443\n");
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Site settings
                      include_vars:
                        file: vars/site.yml
                        name: site
                    - name: Port
                      replace:
                        path: /etc/opsctl-text.conf
                        regexp: '^Listen \\d+$'
                        replace: 'Listen {{ site.site_port }}'
                    - name: Server name
                      replace:
                        path: /etc/opsctl-text.conf
                        regexp: '^ServerName .*$'
                        replace: 'ServerName {{ site.site_name }}'
                    - name: Managed block
                      blockinfile:
                        path: /etc/opsctl-text.conf
                        block: |
                          Header always set X-Host {{ inventory_hostname }}
                          Timeout 30
                    - name: Look at the result
                      stat:
                        path: /etc/opsctl-text.conf
                      register: conf
                    - name: Record what stat saw
                      copy:
                        content: "{{ conf.stat.exists }} {{ conf.stat.mode }} {{ conf.stat.isreg }}\\n"
                        dest: /etc/opsctl-text.stat
                """);
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);

        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv);
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("~ Port: file /etc/opsctl-text.conf", "~ Managed block: file /etc/opsctl-text.conf");
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/etc/opsctl-text.conf"))).as("plan changes nothing").contains("Listen 80");
        }

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/etc/opsctl-text.conf"))).isEqualTo("# " + h.name() + "\n"
                    + "Listen 8443\n"
                    + "ServerName www.example.org\n"
                    + "# BEGIN ANSIBLE MANAGED BLOCK\n"
                    + "Header always set X-Host " + h.name() + "\n"
                    + "Timeout 30\n"
                    + "# END ANSIBLE MANAGED BLOCK\n");
            assertThat(Files.readString(fleet.path(h, "/etc/opsctl-text.stat"))).isEqualTo("True 0644 True\n");
        }

        CliRun again = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=\\d+\\s+changed=0");
        CliRun replan = CliRun.onFleet(fleet, "plan", pb, inv);
        assertThat(replan.out()).contains("No changes.");
    }
}
