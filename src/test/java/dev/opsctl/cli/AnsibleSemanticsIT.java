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
 * The Ansible semantics public roles rely on, on two real hosts that differ only by a host variable: a task for
 * another system fails only where it runs, keywords are templates rendered per host, the variables every role reads
 * exist, and loops and conditions are decided in Ansible's order.
 */
@FleetHosts(2)
class AnsibleSemanticsIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** The fleet's inventory, with h001 a "Debian" host and h002 a "FreeBSD" one (host_vars beside it). */
    private Path inventory() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Files.createDirectories(tmp.resolve("host_vars"));
        Files.writeString(tmp.resolve("host_vars/h001.yml"), "family: Debian\ntolerate: true\nquiet: false\napp_user: opsuser\n");
        Files.writeString(tmp.resolve("host_vars/h002.yml"), "family: FreeBSD\ntolerate: false\nquiet: true\napp_user: opspass\n");
        return inv;
    }

    private Path playbook(String text) throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, text);
        return pb;
    }

    private String onHost(FleetHost h, String path) throws Exception {
        Path p = fleet.path(h, path);
        return Files.exists(p) ? Files.readString(p) : null;
    }

    @Test
    void aTaskForAnotherSystemFailsOnlyWhereItRuns() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: FreeBSD package
                      pkgng: name=nginx state=present
                      when: family == 'FreeBSD'
                    - name: Immutable flag opsctl cannot set
                      file: path=/tmp/opsctl-selinux state=directory attributes=+i
                      when: family == 'RedHat'
                    - name: Retried until ready
                      command: /bin/true
                      until: false
                      when: family == 'RedHat'
                    - name: Common marker
                      copy: content=ok dest=/tmp/opsctl-marker
                """);
        CliRun validate = CliRun.of("validate", pb.toString(), "-i", inv.toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.err()).contains(
                "warning: " + pb + ":4:7: module 'pkgng' is not supported by opsctl",
                "warning: " + pb + ":7:7: argument 'attributes' of module 'file' is not supported by opsctl",
                "warning: " + pb + ":10:7: keyword 'until' is not supported by opsctl");

        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv);
        assertThat(plan.out()).contains("! FreeBSD package: " + pb + ":4:7: module 'pkgng' is not supported by opsctl");
        assertThat(plan.out()).containsOnlyOnce("pkgng").doesNotContain("attributes").doesNotContain("until");
        String h001 = plan.out().substring(plan.out().indexOf("h001:"), plan.out().indexOf("h002:"));
        assertThat(h001).contains("+ Common marker").doesNotContain("!");

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out()).isEqualTo(2);
        assertThat(apply.out()).containsPattern("h001\\s+: ok=1\\s+changed=1\\s+unreachable=0\\s+failed=0\\s+skipped=3")
                .containsPattern("h002\\s+: ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1");
        assertThat(onHost(fleet.host("h001"), "/tmp/opsctl-marker")).isEqualTo("ok");
        assertThat(onHost(fleet.host("h002"), "/tmp/opsctl-marker")).as("the host stopped at its failed task").isNull();
    }

    @Test
    void misspellingsStayErrorsBeforeAnyHostIsContacted() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - lineinfle: path=/tmp/x line=y
                      when: false
                    - copy: content=x dest=/tmp/opsctl-never destt=/tmp/y
                      when: false
                """);
        CliRun validate = CliRun.of("validate", pb.toString(), "-i", inv.toString());
        assertThat(validate.exitCode()).isEqualTo(3);
        assertThat(validate.err()).contains(pb + ":4:7: unknown module 'lineinfle' (did you mean 'lineinfile'?)",
                pb + ":6:7: unsupported argument 'destt' for module 'copy' (did you mean 'dest'?)");
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).isEqualTo(3);
        for (FleetHost h : fleet.hosts()) assertThat(onHost(h, "/tmp/opsctl-never")).isNull();
    }

    @Test
    void keywordsAreTemplatesRenderedPerHost() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: May fail
                      command: /bin/false
                      ignore_errors: "{{ tolerate }}"
                    - name: Who runs it
                      command: id -un
                      become: "{{ family == 'Debian' }}"
                      become_user: "{{ app_user }}"
                      register: who
                    - name: Secret
                      copy: content="token-{{ inventory_hostname }}" dest=/tmp/opsctl-secret
                      no_log: "{{ quiet }}"
                    - name: Record who
                      copy: content={{ who.stdout }} dest=/tmp/opsctl-who
                """);
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out()).isEqualTo(2);
        // h001 tolerates the failure and goes on, as the sudo user its variable names; h002 stops at it.
        assertThat(onHost(fleet.host("h001"), "/tmp/opsctl-who")).isEqualTo("opsuser");
        assertThat(onHost(fleet.host("h002"), "/tmp/opsctl-who")).isNull();
        assertThat(apply.out()).containsPattern("h002\\s+: ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1");

        Files.writeString(tmp.resolve("host_vars/h002.yml"), "family: FreeBSD\ntolerate: true\nquiet: true\napp_user: opspass\n");
        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "-v");
        String h001 = plan.out().substring(plan.out().indexOf("h001:"), plan.out().indexOf("h002:"));
        String h002 = plan.out().substring(plan.out().indexOf("h002:"));
        assertThat(h002).contains("+ Secret: (output suppressed: no_log)").doesNotContain("token-h002");
        assertThat(h001).contains("Secret: file /tmp/opsctl-secret").doesNotContain("suppressed");
    }

    @Test
    void theVariablesEveryRoleReads() throws Exception {
        Path inv = inventory();
        Files.createDirectories(tmp.resolve("roles/probe/tasks"));
        Files.createDirectories(tmp.resolve("roles/probe/templates"));
        Files.writeString(tmp.resolve("roles/probe/templates/probe.j2"), """
                {{ ansible_managed | comment }}
                role={{ role_name }} path={{ role_path | basename }} play_hosts={{ ansible_play_hosts_all | join(',') }}
                version={{ ansible_version.full is version('2.10', '>=') }} check={{ ansible_check_mode }} dir={{ playbook_dir | basename }}
                mine={{ lookup('varnames', '^probe_') }}
                """);
        Files.writeString(tmp.resolve("roles/probe/tasks/main.yml"), """
                - template: src=probe.j2 dest=/tmp/opsctl-probe mode=0644
                  vars: {probe_a: 1, probe_b: 2}
                - copy: content="{{ item }}" dest=/tmp/opsctl-omit mode="{{ unset | default(omit) }}"
                  with_items: ["{{ inventory_hostname }}"]
                """);
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  roles: [probe]
                """);
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(onHost(fleet.host("h002"), "/tmp/opsctl-probe")).isEqualTo("""
                #
                # Ansible managed
                #
                role=probe path=probe play_hosts=h001,h002
                version=True check=False dir=%s
                mine=probe_a,probe_b
                """.formatted(tmp.getFileName()));
        assertThat(onHost(fleet.host("h002"), "/tmp/opsctl-omit")).isEqualTo("h002");
    }

    @Test
    void loopsAndConditionsInAnsiblesOrder() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  vars:
                    dirs: [/tmp/opsctl-a, /tmp/opsctl-b]
                    nested: [[/tmp/opsctl-c], [[/tmp/opsctl-d]]]
                  tasks:
                    - name: Loop over a variable only FreeBSD hosts define
                      file: path={{ item }} state=directory
                      loop: "{{ freebsd_only_dirs }}"
                      when: family == 'FreeBSD' and freebsd_only_dirs is defined
                    - name: A templated list inside with_items is flattened
                      file: path={{ item }} state=directory
                      with_items:
                        - "{{ dirs }}"
                    - name: Any lookup by its name
                      file: path={{ item }} state=directory
                      with_community.general.flattened: "{{ nested }}"
                    - name: when is decided per item
                      copy: content={{ item }} dest=/tmp/opsctl-item-{{ item }}
                      loop: [1, 2, 3]
                      when: item != 2
                """);
        CliRun validate = CliRun.of("validate", pb.toString(), "-i", inv.toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            for (String d : new String[] {"/tmp/opsctl-a", "/tmp/opsctl-b", "/tmp/opsctl-c", "/tmp/opsctl-d"}) {
                assertThat(fleet.path(h, d)).isDirectory();
            }
            assertThat(fleet.path(h, "/tmp/[/tmp/opsctl-a, /tmp/opsctl-b]")).doesNotExist();
            assertThat(onHost(h, "/tmp/opsctl-item-1")).isEqualTo("1");
            assertThat(onHost(h, "/tmp/opsctl-item-2")).isNull();
        }
        CliRun again = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out()).isZero();
    }

    @Test
    void becomeIsNoSudoWhenTheConnectionAlreadyIsTheBecomeUser() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  become: true
                  tasks:
                    - shell: echo "${SUDO_USER:-no sudo}"
                      register: as_root
                    - shell: echo "${SUDO_USER:-no sudo} $(id -un)"
                      become_user: opsuser
                      register: as_opsuser
                    - copy: content="{{ as_root.stdout }}|{{ as_opsuser.stdout }}" dest=/tmp/opsctl-become
                """);
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        // The fleet connects as root: become root is the connection itself, become opsuser goes through sudo.
        assertThat(onHost(fleet.host("h001"), "/tmp/opsctl-become")).isEqualTo("no sudo|root opsuser");
    }

    @Test
    void aConvergedHostPlansNoChanges() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - apt: update_cache=yes cache_valid_time=600
                    - name: Read-only look
                      command: cat /etc/hostname
                      changed_when: false
                    - name: Stamp that never counts
                      copy: content="{{ 1000 | random }}" dest=/tmp/opsctl-random
                      changed_when: false
                """);
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
    }

    @Test
    void aPlanOnAFreshHostShowsWhatAnEarlierTaskCreatesAsKnownAfterApply() throws Exception {
        Path inv = inventory();
        Path pb = playbook("""
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: Make the application directory
                      command: mkdir -p /etc/opsctl-app
                    - name: Its configuration
                      copy: content="port=80" dest=/etc/opsctl-app/app.conf
                    - name: Read it back
                      command: cat /etc/opsctl-app/app.conf
                      changed_when: false
                      check_mode: false
                      register: conf
                    - name: Keep what was read
                      copy: content="{{ conf.stdout }}" dest=/tmp/opsctl-conf-copy
                """);
        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv);
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains(
                "> Its configuration: copy (Destination directory /etc/opsctl-app does not exist now; 'Make the application directory' runs first: known after apply)",
                "> Read it back: command (it fails (cat: /etc/opsctl-app/app.conf: No such file or directory) now;",
                "> Keep what was read: copy (depends on 'conf', known after apply)");
        for (FleetHost h : fleet.hosts()) assertThat(fleet.path(h, "/etc/opsctl-app")).as("a plan changes nothing").doesNotExist();
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(onHost(h, "/tmp/opsctl-conf-copy")).isEqualTo("port=80");
    }
}
