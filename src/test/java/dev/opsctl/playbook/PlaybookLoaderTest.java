package dev.opsctl.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.InputException;
import dev.opsctl.module.registry.ModuleRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaybookLoaderTest {
    @TempDir
    Path dir;

    private Playbook load(String yaml) throws Exception {
        Path f = dir.resolve("site.yml");
        Files.writeString(f, yaml);
        return PlaybookLoader.load(f, ModuleRegistry.builtin());
    }

    private InputException failure(String yaml) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> load(yaml));
        assertThat(t).isInstanceOf(InputException.class);
        return (InputException) t;
    }

    @Test
    void readsPlaysTasksAndKeywords() throws Exception {
        Playbook pb = load("""
                - name: web
                  hosts: web:&daegu
                  vars: {port: 80}
                  tags: [play]
                  tasks:
                    - name: dir
                      ansible.builtin.file: path=/srv state=directory mode=0755
                      loop: [a, b]
                      loop_control: {loop_var: x}
                      register: out
                      notify: restart
                      when: port == 80
                    - command: ls -l /
                      args: {chdir: /tmp}
                  handlers:
                    - name: restart
                      shell: echo restarted
                """);
        Play play = pb.plays().get(0);
        assertThat(play.hosts()).isEqualTo("web:&daegu");
        Task t = (Task) play.tasks().get(0);
        assertThat(t.module()).isEqualTo("file");
        assertThat(t.args()).containsEntry("path", "/srv").containsEntry("mode", "0755");
        assertThat(t.loopVar()).isEqualTo("x");
        assertThat(t.tags()).containsExactly("play");
        assertThat(t.at().line()).isEqualTo(6);
        Task cmd = (Task) play.tasks().get(1);
        assertThat(cmd.args()).containsEntry("_raw_params", "ls -l /").containsEntry("chdir", "/tmp");
        assertThat(play.handlers()).hasSize(1);
    }

    @Test
    void unknownModuleSuggestsTheClosestName() {
        InputException e = failure("""
                - hosts: all
                  tasks:
                    - lineinfle: path=/x line=y
                """);
        assertThat(e.getMessage()).contains("site.yml:3:7").contains("unknown module 'lineinfle' (did you mean 'lineinfile'?)");
    }

    @Test
    void unknownArgumentAndKeywordAreNamedWithTheirLines() {
        InputException e = failure("""
                - hosts: all
                  tasks:
                    - file:
                        path: /x
                        mode: "0644"
                        stat: directory
                      whne: x
                """);
        assertThat(e.diagnostics()).hasSize(2);
        assertThat(e.getMessage()).contains("unsupported argument 'stat' for module 'file' (did you mean 'state'?)")
                .contains("site.yml:7:7: unsupported task keyword 'whne' (did you mean 'when'?)");
    }

    @Test
    void yamlSyntaxErrorsHaveTheirPosition() {
        InputException e = failure("- hosts: all\n  tasks:\n    - debug: {msg: [unclosed\n");
        assertThat(e.getMessage()).contains("site.yml:4").contains("YAML syntax error");
    }

    @Test
    void notifyMustNameAHandler() {
        InputException e = failure("""
                - hosts: all
                  tasks:
                    - command: "true"
                      notify: restart web
                  handlers:
                    - name: restart nginx
                      command: "true"
                """);
        assertThat(e.getMessage()).contains("site.yml:3:7: notify: no handler named 'restart web'");
    }

    @Test
    void aPlayWithoutHostsIsAnError() {
        assertThatThrownBy(() -> load("- tasks: []\n")).hasMessageContaining("play has no 'hosts'");
    }
}
