package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mount, find, getent, ini_file and the other modules of issue 12 side by side with Ansible on twin fleet hosts: opsctl
 * applies to h001, ansible-playbook the same playbook to h002; the hosts end the same, a second opsctl plan has no
 * changes, and Ansible run afterwards on opsctl's host changes nothing.
 */
@FleetHosts(2)
class HostModulesIT {
    private static Fleet fleet;
    private static FleetHost ours;
    private static FleetHost theirs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void nameHosts() throws Exception {
        ours = fleet.hosts().get(0);
        theirs = fleet.hosts().get(1);
    }

    private Path inventory() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        return inv;
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private CliRun opsctl(String command, Path pb, String... more) throws Exception {
        String[] args = new String[more.length + 2];
        args[0] = "-l";
        args[1] = ours.name();
        System.arraycopy(more, 0, args, 2, more.length);
        return CliRun.onFleet(fleet, command, pb, inventory(), args);
    }

    /** opsctl applies to our host, Ansible to its twin; both succeed. Returns opsctl's output. */
    private String sideBySide(Path pb) throws Exception {
        CliRun apply = opsctl("apply", pb);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleRun ansible = AnsibleRun.on(fleet, inventory(), pb, theirs.name());
        assertThat(ansible.exitCode()).as(ansible.out()).isZero();
        return apply.out();
    }

    /** A second opsctl plan has no changes, and Ansible on opsctl's host changes nothing. */
    private void settled(Path pb) throws Exception {
        CliRun plan = opsctl("plan", pb, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
        AnsibleRun ansible = AnsibleRun.on(fleet, inventory(), pb, ours.name());
        assertThat(ansible.unchanged(ours.name())).as(ansible.out()).isTrue();
    }

    private String read(FleetHost h, String path) throws Exception {
        return Files.readString(fleet.path(h, path));
    }

    /** Runs a shell command on both hosts (through opsctl) and returns what it wrote on each: ours, then theirs. */
    private String[] onBoth(String command) throws Exception {
        Path pb = write("show.yml", "- hosts: all\n  gather_facts: false\n  tasks:\n    - shell: " + command + " > /root/shown 2>&1 || true\n");
        CliRun r = CliRun.onFleet(fleet, "apply", pb, inventory());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return new String[] {read(ours, "/root/shown"), read(theirs, "/root/shown")};
    }

    private static final String MOUNTED = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: cache
                  mount: {path: /srv/cache, src: tmpfs, fstype: tmpfs, opts: "size=1m,mode=0750", state: mounted}
                - name: data
                  ansible.posix.mount: {path: /mnt/my data, src: /dev/disk/by-label/data, fstype: ext4, boot: false, state: present}
                - name: scratch
                  ansible.builtin.mount: {path: /srv/scratch, src: tmpfs, fstype: tmpfs, state: ephemeral}
            """;

    private static final String UNMOUNTED = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: cache
                  mount: {path: /srv/cache, state: absent}
                - name: data
                  mount: {path: /mnt/my data, state: absent_from_fstab}
                - name: scratch
                  mount: {path: /srv/scratch, state: unmounted}
            """;

    @Test
    void mountWritesFstabAndMountsAsAnsibleDoes() throws Exception {
        String mountsOf = "awk '$5 ~ /^\\/srv\\// {print $5, $(NF-2), $NF}' /proc/self/mountinfo";
        Path pb = write("mounted.yml", MOUNTED);
        String out = sideBySide(pb);
        assertThat(out).contains("+ cache: mount /srv/cache");
        assertThat(read(ours, "/etc/fstab")).isEqualTo(read(theirs, "/etc/fstab"))
                .endsWith("tmpfs /srv/cache tmpfs size=1m,mode=0750 0 0\n/dev/disk/by-label/data /mnt/my\\040data ext4 defaults 0 0\n");
        String[] mounts = onBoth(mountsOf);
        assertThat(mounts[0]).isEqualTo(mounts[1]).contains("/srv/cache tmpfs rw,size=1024k,mode=750", "/srv/scratch tmpfs");

        // ephemeral always remounts (changed), as in Ansible: settle without it.
        Path steady = write("steady.yml", MOUNTED.substring(0, MOUNTED.indexOf("    - name: scratch")));
        settled(steady);

        Path down = write("unmounted.yml", UNMOUNTED);
        sideBySide(down);
        assertThat(read(ours, "/etc/fstab")).isEqualTo(read(theirs, "/etc/fstab")).doesNotContain("/srv/cache", "my\\040data");
        assertThat(fleet.path(ours, "/srv/cache")).doesNotExist();
        assertThat(fleet.path(theirs, "/srv/cache")).doesNotExist();
        mounts = onBoth(mountsOf);
        assertThat(mounts[0]).isEqualTo(mounts[1]).isEmpty();
        settled(down);
    }

    private static final String FILES = """
            - hosts: all
              gather_facts: false
              tasks:
                - name: php memory
                  community.general.ini_file: {path: /etc/opsctl-it/php.ini, section: PHP, option: memory_limit, value: 256M, mode: "0640"}
                - name: php zone
                  ini_file: {path: /etc/opsctl-it/php.ini, section: Date, option: date.timezone, value: UTC, no_extra_spaces: yes}
                - name: open files
                  pam_limits: {domain: "*", limit_type: soft, limit_item: nofile, value: 65536, comment: opsctl}
                - name: core
                  community.general.pam_limits: {domain: "@adm", limit_type: hard, limit_item: core, value: unlimited}
                - name: hold cron
                  dpkg_selections: {name: cron, selection: hold}
                  register: held
                - ansible.builtin.ping:
                  register: pinged
                - wait_for_connection: {timeout: 20}
                - find: {paths: [/etc/opsctl-it, /etc/security], patterns: ["*.ini", "limits.*"], recurse: true}
                  register: found
                - getent: {database: passwd, key: root}
                - getent: {database: group}
                - name: what they returned
                  copy:
                    dest: /root/registered.json
                    content: "{{ {'found': found.files | map(attribute='path') | list, 'modes': found.files | map(attribute='mode') | list,
                      'matched': found.matched, 'root': getent_passwd.root, 'adm': getent_group.adm, 'ping': pinged.ping,
                      'held': held.after} | to_nice_json }}\\n"
            """;

    @Test
    void fileModulesWriteTheSameBytesAndReturnTheSameValuesAsAnsible() throws Exception {
        Path pb = write("files.yml", FILES);
        String out = sideBySide(pb);
        assertThat(out).contains("+ php memory: file /etc/opsctl-it/php.ini", "~ open files: file /etc/security/limits.conf",
                "~ hold cron: dpkg selection cron");
        for (String file : new String[] {"/etc/opsctl-it/php.ini", "/etc/security/limits.conf", "/root/registered.json"}) {
            assertThat(read(ours, file)).as(file).isEqualTo(read(theirs, file));
        }
        assertThat(read(ours, "/etc/opsctl-it/php.ini")).isEqualTo("\n[PHP]\nmemory_limit = 256M\n[Date]\ndate.timezone=UTC\n");
        assertThat(read(ours, "/root/registered.json")).contains("\"/etc/opsctl-it/php.ini\"", "\"/etc/security/limits.conf\"", "\"pong\"");
        String[] modes = onBoth("stat -c %a /etc/opsctl-it/php.ini");
        assertThat(modes[0]).isEqualTo(modes[1]).isEqualTo("640\n");
        String[] held = onBoth("dpkg --get-selections cron");
        assertThat(held[0]).isEqualTo(held[1]).matches("cron\\s+hold\n");
        settled(pb);
    }

    @Test
    void rawAndSetupRunAsAnsibleRunsThem() throws Exception {
        Path pb = write("runs.yml", """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - raw: printf 'one\\ntwo\\n' > /root/raw.txt; cat /root/raw.txt; echo oops >&2
                      register: r
                    - setup: {gather_subset: ["!all", "min"], filter: ["ansible_hostname", "ansible_os_family"]}
                      register: s
                    - copy:
                        dest: /root/runs.json
                        content: "{{ {'rc': r.rc, 'lines': r.stdout_lines, 'facts': s.ansible_facts, 'host': ansible_hostname} | to_nice_json }}\\n"
                """);
        String out = sideBySide(pb);
        assertThat(out).contains("> raw: printf");
        assertThat(read(ours, "/root/raw.txt")).isEqualTo(read(theirs, "/root/raw.txt")).isEqualTo("one\ntwo\n");
        assertThat(read(ours, "/root/runs.json").replace(ours.name(), "HOST")).isEqualTo(read(theirs, "/root/runs.json").replace(theirs.name(), "HOST"));
    }
}
