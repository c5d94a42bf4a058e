package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another host's values read through {@code hostvars} are data as they are on their own host: a set_fact of remote
 * output that looks like a template is written as text, never rendered on the reading host. Inventory variables in
 * the same entry still render.
 */
class HostVarsDataTest {
    @TempDir
    Path dir;

    @Test
    void anotherHostsSetFactOfRemoteOutputIsNotRenderedAgain() throws Exception {
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [app]
                a ansible_connection=local greeting="{{ 'hel' + 'lo' }}"
                b ansible_connection=local
                """);
        Path playbook = Files.writeString(dir.resolve("site.yml"), """
                - hosts: app
                  gather_facts: false
                  tasks:
                    - command: echo "{{ '{{' }} 7*6 {{ '}}' }}"
                      register: out
                      changed_when: false
                    - set_fact:
                        said: "{{ out.stdout }}"
                    - copy:
                        dest: "DIR/{{ inventory_hostname }}.txt"
                        content: "{{ hostvars['a'].said }} {{ hostvars['a'].out.stdout }} {{ hostvars['a'].greeting }}\\n"
                """.replace("DIR", dir.toString()));
        CliRun r = CliRun.of("apply", playbook.toString(), "-i", inventory.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(dir.resolve("b.txt"))).isEqualTo("{{ 7*6 }} {{ 7*6 }} hello\n");
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("{{ 7*6 }} {{ 7*6 }} hello\n");
    }
}
