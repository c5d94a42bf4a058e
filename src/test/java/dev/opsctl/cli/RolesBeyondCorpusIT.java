package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What public roles beyond the shared corpus needed (docs/compatibility.md, "Roles beyond the corpus"), side by side
 * with ansible-playbook: opsctl applies to h001, Ansible to its twin h002, and the files each leaves must be the same;
 * opsctl then plans no change on either host, and Ansible run on opsctl's host changes nothing.
 */
@FleetHosts(2)
class RolesBeyondCorpusIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path inventory() throws IOException {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        return inv;
    }

    /** Written as the roles write it (single-quoted YAML, so the backslashes reach the templar as they are). */
    private static final String PLAY = """
            - hosts: all
              vars:
                banner: "HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/"
              tasks:
                - name: version from a banner, as geerlingguy.haproxy reads it
                  set_fact:
                    parsed_version: '{{ banner | regex_replace("^HA-?Proxy version (\\d+(\\.\\d+)*).*$", "\\1") }}'
                - name: a directory with an SELinux type, as geerlingguy.mysql makes its datadir
                  ansible.builtin.file: {path: /srv/roles2, state: directory, mode: "0755", setype: mysqld_db_t}
                - name: what the play read
                  copy:
                    dest: /srv/roles2/read.txt
                    mode: "0644"
                    seuser: system_u
                    setype: etc_t
                    content: |
                      {{ parsed_version }} {{ parsed_version is version('1.4', '<=') }}
                      /usr/lib/python3.{{ ansible_facts['python']['version']['minor'] }}/EXTERNALLY-MANAGED
                      {{ ansible_python_version }} {{ ansible_python.executable }} {{ ansible_python.type }}
                - name: a line with an SELinux level
                  lineinfile: {path: /srv/roles2/opts, line: "x=1", create: true, mode: "0600", selevel: s0}
            """;

    @Test
    void selinuxArgumentsBackslashesAndPythonFactsEndAsAnsibleLeavesThem() throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAY);
        // SELinux arguments are Ansible's: validate neither fails nor warns about them.
        CliRun validate = CliRun.of("validate", pb.toString(), "-i", inventory().toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        assertThat(validate.err()).doesNotContain("setype", "seuser", "selevel");

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inventory(), "-l", "h001");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result twin = AnsibleSideBySide.configure(tmp, fleet).run(pb, inventory(), "h002");
        assertThat(twin.exitCode()).as(twin.output()).isZero();

        FleetHost ours = fleet.host("h001");
        FleetHost theirs = fleet.host("h002");
        String read = Files.readString(fleet.path(ours, "/srv/roles2/read.txt"));
        assertThat(read).isEqualTo(Files.readString(fleet.path(theirs, "/srv/roles2/read.txt")));
        assertThat(read).startsWith("2.6.12 False\n/usr/lib/python3.").contains(" /usr/bin/python3 cpython\n");
        assertThat(Files.readString(fleet.path(ours, "/srv/roles2/opts"))).isEqualTo("x=1\n");
        for (FleetHost h : fleet.hosts()) {
            CliRun plan = CliRun.onFleet(fleet, "plan", pb, inventory(), "-l", h.name(), "--detailed-exitcode");
            assertThat(plan.exitCode()).as(h.name() + ": " + plan.out() + plan.err()).isZero();
            assertThat(plan.out()).contains("No changes.");
        }
        AnsibleSideBySide.Result after = AnsibleSideBySide.configure(tmp, fleet).run(pb, inventory(), "h001");
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(after.changed("h001")).as(after.output()).isZero();
    }
}
