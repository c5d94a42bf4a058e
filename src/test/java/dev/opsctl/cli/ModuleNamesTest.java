package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A module answers to every name Ansible knows it by (short, builtin, legacy, its collection), and only to those. */
class ModuleNamesTest {
    @TempDir
    Path dir;

    private CliRun validate(String tasks) throws Exception {
        Path f = dir.resolve("site.yml");
        Files.writeString(f, "- hosts: localhost\n  tasks:\n" + tasks.stripIndent().indent(4));
        return CliRun.of("validate", f.toString());
    }

    @Test
    void everyNameAnsibleResolvesIsAccepted() throws Exception {
        CliRun r = validate("""
                - sysctl: name=vm.swappiness value=10
                - ansible.builtin.sysctl: name=vm.swappiness value=10
                - ansible.legacy.sysctl: name=vm.swappiness value=10
                - ansible.posix.sysctl: name=vm.swappiness value=10
                - ansible.posix.authorized_key: user=root key=x
                - community.general.timezone: name=UTC
                - ansible.builtin.copy: content=x dest=/tmp/x
                - ansible.legacy.copy: content=x dest=/tmp/x
                - ansible.posix.mount: {path: /mnt/x, src: tmpfs, fstype: tmpfs, state: mounted}
                - community.general.ini_file: {path: /tmp/x.ini, section: a, option: b, value: c}
                - community.general.pam_limits: {domain: "*", limit_type: soft, limit_item: nofile, value: 1024}
                - ansible.builtin.systemd_service: {name: cron, state: started}
                """);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("valid (1 plays, 12 tasks)");
    }

    @Test
    void aCollectionThatDoesNotHoldTheModuleIsAnUnknownModule() throws Exception {
        CliRun r = validate("""
                - ansible.posix.copy: content=x dest=/tmp/x
                - community.general.sysctl: name=vm.swappiness value=10
                - ansible.posix.timezone: name=UTC
                - ansible.posix.ini_file: {path: /tmp/x.ini, section: a, option: b, value: c}
                """);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("site.yml:3:7: unknown module 'ansible.posix.copy'")
                .contains("site.yml:4:7: unknown module 'community.general.sysctl'")
                .contains("site.yml:5:7: unknown module 'ansible.posix.timezone'")
                .contains("site.yml:6:7: unknown module 'ansible.posix.ini_file'");
    }
}
