package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What public roles from the third corpus (branch roles3a) rely on, side by side with ansible-playbook (opsctl on h001,
 * Ansible on h002): a role from a collection beside the playbook, the old {@code include:}, {@code register:} on
 * includes, {@code ansible_role_name} and {@code ansible_verbosity}, an include_role of a role that is not there (skipped where its when: is false, a failure of that task
 * where it runs), and the {@code tempfile} module.
 */
@FleetHosts(2)
class UnseenRolesSemanticsIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String PLAY = """
            - hosts: all
              tasks:
                - name: a collection role, found under collections/ beside the playbook
                  include_role:
                    name: acme.base.motd
                  register: role_reg
                - name: a role for another platform, not installed
                  include_role:
                    name: fedora.linux_system_roles.firewall
                  when: ansible_facts.os_family == 'RedHat'
                  register: skipped_reg
                - include: common.yml
                  tags: common
                - include_tasks: common.yml
                  register: tasks_reg
                - name: what the includes registered
                  copy:
                    dest: /etc/includes.registered
                    content: |
                      {{ role_reg.changed }} {{ role_reg.include_args.name }}
                      {{ skipped_reg.skipped }} {{ skipped_reg.skip_reason }}
                      {{ tasks_reg.include }} {{ tasks_reg.changed }}
                      verbosity {{ ansible_verbosity }}
            """;

    @Test
    void collectionRolesOldIncludesAndRegisteredIncludesEndAsAnsibleLeavesThem() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        twins.write("collections/ansible_collections/acme/base/roles/motd/tasks/main.yml",
                "- copy: {dest: /etc/motd.acme, content: \"from {{ role_name }} as {{ ansible_role_name }}\\n\", mode: \"0640\"}\n");
        twins.write("common.yml", "- lineinfile: {path: /etc/common.conf, line: common, create: yes}\n");
        Path pb = twins.write("site.yml", PLAY);
        CliRun validate = CliRun.of("validate", "-i", twins.inventory().toString(), pb.toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.err()).contains("site.yml:8:7: role 'fedora.linux_system_roles.firewall' not found");
        twins.applyOnBoth(pb);
        for (String f : new String[] {"/etc/motd.acme", "/etc/common.conf", "/etc/includes.registered"}) {
            assertThat(twins.read(twins.ours(), f)).as(f).isEqualTo(twins.read(twins.theirs(), f));
        }
        assertThat(twins.read(twins.ours(), "/etc/includes.registered"))
                .isEqualTo("False acme.base.motd\nTrue Conditional result was False\ncommon.yml False\nverbosity 0\n");
        assertThat(twins.mode(twins.ours(), "/etc/motd.acme")).isEqualTo("rw-r-----");
        twins.settled(pb);
    }

    @Test
    void aMissingIncludedRoleFailsTheTaskWhereItRunsOnBoth() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path pb = twins.write("missing.yml", """
                - hosts: all
                  tasks:
                    - copy: {dest: /etc/before-missing, content: "x\\n"}
                    - include_role:
                        name: nowhere.to.be_found
                    - copy: {dest: /etc/after-missing, content: "x\\n"}
                """);
        CliRun plan = twins.opsctl("plan", pb, twins.ours().name());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isNotIn(0, 2);
        assertThat(plan.out() + plan.err()).contains("missing.yml:4:7").contains("role 'nowhere.to.be_found' not found");
        CliRun apply = twins.opsctl("apply", pb, twins.ours().name());
        assertThat(apply.exitCode()).isNotZero();
        AnsibleSideBySide.Result theirs = twins.ansible(pb, twins.theirs().name());
        assertThat(theirs.exitCode()).isNotZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.exists(fleet.path(h, "/etc/before-missing"))).as(h.name()).isTrue();
            assertThat(Files.exists(fleet.path(h, "/etc/after-missing"))).as(h.name()).isFalse();
        }
    }

    @Test
    void tempfileMakesAPrivateDirectoryOrFileAsAnsibleDoes() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path pb = twins.write("tempfile.yml", """
                - hosts: all
                  tasks:
                    - tempfile: {state: directory, path: /srv, suffix: .keys}
                      register: dir
                      changed_when: false
                    - tempfile: {path: /srv, prefix: cfg-}
                      register: file
                    - copy: {dest: /etc/tempfile.registered, content: "{{ dir.path }}\\n{{ file.path }}\\n"}
                """);
        twins.applyOnBoth(pb);
        for (FleetHost h : fleet.hosts()) {
            String[] paths = twins.read(h, "/etc/tempfile.registered").split("\n");
            assertThat(paths[0]).as(h.name()).matches("/srv/ansible\\.[A-Za-z0-9_]{8}\\.keys");
            assertThat(paths[1]).as(h.name()).matches("/srv/cfg-[A-Za-z0-9_]{8}");
            assertThat(Files.isDirectory(fleet.path(h, paths[0]))).isTrue();
            assertThat(Files.isRegularFile(fleet.path(h, paths[1]))).isTrue();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.path(h, paths[0])))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fleet.path(h, paths[1])))).isEqualTo("rw-------");
        }
        // Every run makes a new one; the plan cannot name it, and says so.
        CliRun plan = twins.opsctl("plan", pb, twins.ours().name());
        assertThat(plan.out()).contains("temporary file cfg-* in /srv");
    }
}
