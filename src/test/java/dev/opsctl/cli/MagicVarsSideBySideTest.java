package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * inventory_dir, inventory_file, ansible_parent_role_names/paths and ansible_play_role_names, side by side: the same
 * playbook applied on this machine (a local connection) by opsctl and by ansible-playbook (ansible-core 2.14) writes
 * each value into a file; the two directories must hold the same files with the same bytes.
 */
class MagicVarsSideBySideTest {
    @TempDir
    Path dir;

    private void write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text);
    }

    @Test
    void magicVariablesHaveAnsiblesValues() throws Exception {
        write("inv/hosts.ini", "[web]\nlocalhost ansible_connection=local\n");
        write("roles/outer/tasks/main.yml", """
                - copy: {content: "{{ ansible_parent_role_names | default('UNDEF') }}", dest: "{{ root }}/outer-parents"}
                - include_role: {name: middle}
                """);
        write("roles/middle/tasks/main.yml", """
                - copy: {content: "{{ ansible_parent_role_names | join(',') }} {{ ansible_parent_role_paths | join(',') }}", dest: "{{ root }}/middle-parents"}
                - include_role: {name: inner}
                  vars: {tag: nested}
                """);
        write("roles/inner/tasks/main.yml", """
                - copy: {content: "{{ ansible_parent_role_names | default('UNDEF') | join(',') }} {{ role_name }}", dest: "{{ root }}/inner-{{ tag }}"}
                """);
        write("site.yml", """
                - hosts: web
                  gather_facts: false
                  roles: [outer]
                  tasks:
                    - copy: {content: "{{ inventory_dir }} {{ inventory_file }}", dest: "{{ root }}/inventory"}
                    - copy: {content: "{{ hostvars[inventory_hostname].inventory_dir }}", dest: "{{ root }}/hostvars"}
                    - copy: {content: "{{ ansible_play_role_names | join(',') }} {{ role_names | join(',') }}", dest: "{{ root }}/role-names"}
                    - copy: {content: "{{ ansible_parent_role_names | default('UNDEF') }}", dest: "{{ root }}/play-parents"}
                    - import_role: {name: inner}
                      vars: {tag: imported}
                    - include_role: {name: inner}
                      vars: {tag: included-by-play}
                """);
        Path ours = dir.resolve("ours");
        Path theirs = dir.resolve("theirs");
        Files.createDirectories(ours);
        Files.createDirectories(theirs);

        CliRun opsctl = CliRun.of("apply", dir.resolve("site.yml").toString(), "-i", dir.resolve("inv/hosts.ini").toString(),
                "-e", "root=" + ours);
        assertThat(opsctl.exitCode()).as(opsctl.out() + opsctl.err()).isZero();
        ansiblePlaybook("-i", dir.resolve("inv/hosts.ini").toString(), "-e", "root=" + theirs, dir.resolve("site.yml").toString());

        Map<String, String> theirFiles = files(theirs);
        assertThat(theirFiles).containsEntry("inventory", dir.resolve("inv") + " " + dir.resolve("inv/hosts.ini"))
                .containsEntry("middle-parents", "outer " + dir.resolve("roles/outer"))
                .containsEntry("inner-nested", "middle,outer inner")
                .containsEntry("inner-imported", "U,N,D,E,F inner");
        assertThat(files(ours)).isEqualTo(theirFiles);
    }

    private static Map<String, String> files(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> list = Files.list(root)) {
            for (Path f : list.toList()) out.put(f.getFileName().toString(), Files.readString(f));
        }
        return out;
    }

    private void ansiblePlaybook(String... args) throws Exception {
        Path log = dir.resolve("ansible.log");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of("/usr/bin/ansible-playbook"), Stream.of(args)).toList())
                .directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ANSIBLE_LOCAL_TEMP", dir.resolve("ansible-tmp").toString());
        pb.environment().put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
        pb.environment().put("ANSIBLE_ROLES_PATH", dir.resolve("roles").toString());
        Process p = pb.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("ansible-playbook finished").isTrue();
        assertThat(p.exitValue()).as(Files.readString(log)).isZero();
    }
}
