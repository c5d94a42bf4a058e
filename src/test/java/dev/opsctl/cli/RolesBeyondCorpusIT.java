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

    /** A gem of our own, built on the host (the fleet has no network for rubygems.org). */
    private static final String GEM = """
            - hosts: all
              tasks:
                - name: Ruby, as geerlingguy.ruby installs it
                  apt: {name: ruby, state: present}
                - file: {path: /root/hello/lib, state: directory}
                - copy:
                    dest: /root/hello/hello.gemspec
                    content: |
                      Gem::Specification.new do |s|
                        s.name = "hello"
                        s.version = "0.1.0"
                        s.summary = "opsctl test gem"
                        s.authors = ["opsctl"]
                        s.license = "MIT"
                        s.files = ["lib/hello.rb"]
                      end
                - copy: {dest: /root/hello/lib/hello.rb, content: "module Hello; end\n"}
                - command: gem build hello.gemspec
                  args: {chdir: /root/hello, creates: /root/hello/hello-0.1.0.gem}
                - name: our gem
                  community.general.gem: {name: hello, gem_source: /root/hello/hello-0.1.0.gem, user_install: false}
                - name: a default gem Ruby comes with
                  gem: {name: json, state: present}
            """;

    private static final String GEM_ABSENT = """
            - hosts: all
              tasks:
                - gem: {name: hello, state: absent}
            """;

    @Test
    void gemInstallsAndRemovesAsAnsibleDoes() throws Exception {
        FleetHost ours = fleet.host("h001");
        FleetHost theirs = fleet.host("h002");
        for (String play : new String[] {GEM, GEM_ABSENT}) {
            Path pb = tmp.resolve("gem.yml");
            Files.writeString(pb, play);
            CliRun apply = CliRun.onFleet(fleet, "apply", pb, inventory(), "-l", "h001");
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
            AnsibleSideBySide.Result twin = AnsibleSideBySide.configure(tmp, fleet).run(pb, inventory(), "h002");
            assertThat(twin.exitCode()).as(twin.output()).isZero();
            boolean installed = play == GEM;
            for (FleetHost h : fleet.hosts()) {
                assertThat(Files.isRegularFile(fleet.path(h, "/var/lib/gems/3.1.0/gems/hello-0.1.0/lib/hello.rb")))
                        .as(h.name()).isEqualTo(installed);
                assertThat(Files.isRegularFile(fleet.path(h, "/var/lib/gems/3.1.0/specifications/hello-0.1.0.gemspec")))
                        .as(h.name()).isEqualTo(installed);
                CliRun plan = CliRun.onFleet(fleet, "plan", pb, inventory(), "-l", h.name(), "--detailed-exitcode");
                assertThat(plan.exitCode()).as(h.name() + ": " + plan.out() + plan.err()).isZero();
            }
            AnsibleSideBySide.Result after = AnsibleSideBySide.configure(tmp, fleet).run(pb, inventory(), "h001");
            assertThat(after.exitCode()).as(after.output()).isZero();
            assertThat(after.changed("h001")).as(after.output()).isZero();
        }
        assertThat(Files.exists(fleet.path(ours, "/var/lib/gems/3.1.0/gems/hello-0.1.0")))
                .isEqualTo(Files.exists(fleet.path(theirs, "/var/lib/gems/3.1.0/gems/hello-0.1.0")));
    }
}
