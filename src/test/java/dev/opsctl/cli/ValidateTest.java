package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input is reported with file:line, exits 3, and touches nothing. */
class ValidateTest {
    @TempDir
    Path dir;

    private CliRun run(String command, String yaml) throws Exception {
        Path f = dir.resolve("site.yml");
        Files.writeString(f, yaml.replace("ROOT", dir.resolve("root").toString()));
        return CliRun.of(command, f.toString());
    }

    @Test
    void yamlSyntaxError() throws Exception {
        CliRun r = run("validate", "- hosts: all\n  tasks:\n    - file: {path: /x\n");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("site.yml:4").contains("YAML syntax error");
    }

    @Test
    void unknownModuleArgumentAndUndefinedVariableAreAllReported() throws Exception {
        CliRun r = run("validate", """
                - hosts: localhost
                  tasks:
                    - lineinfle: path=/x line=y
                    - file: path=ROOT stat=directory
                    - copy:
                        content: "{{ missing_var }}"
                        dest: ROOT
                    - copy:
                        content: "{{ maybe | default('ok') }}"
                        dest: ROOT
                """);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err())
                .contains("site.yml:3:7: unknown module 'lineinfle' (did you mean 'lineinfile'?)")
                .contains("site.yml:4:7: unsupported argument 'stat' for module 'file' (did you mean 'state'?)")
                // An undefined variable is reported beside the other errors, not only once they are fixed.
                .contains("site.yml:5:7: undefined variable 'missing_var'").doesNotContain("maybe")
                .contains("3 errors; nothing was changed.");
        CliRun undefined = run("validate", """
                - hosts: localhost
                  tasks:
                    - copy:
                        content: "{{ missing_var }}"
                        dest: ROOT
                    - copy:
                        content: "{{ maybe | default('ok') }}"
                        dest: ROOT
                """);
        assertThat(undefined.exitCode()).isEqualTo(3);
        assertThat(undefined.err()).contains("site.yml:3:7: undefined variable 'missing_var'").doesNotContain("maybe");
    }

    @Test
    void planRefusesInvalidInputBeforeTouchingAnything() throws Exception {
        CliRun r = run("apply", """
                - hosts: localhost
                  tasks:
                    - file: path=ROOT state=directory
                    - copy: content="{{ nope }}" dest=ROOT/x
                """);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("undefined variable 'nope'").contains("nothing was changed");
        assertThat(dir.resolve("root")).doesNotExist();
    }

    @Test
    void validPlaybookValidates() throws Exception {
        CliRun r = run("validate", "- hosts: localhost\n  tasks:\n    - debug: msg=hi\n");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("valid (1 plays, 1 tasks)");
    }

    @Test
    void namesASetFactComputesAreNotReportedAsUndefined() throws Exception {
        // dev-sec's roles set OS-specific defaults with set_fact: "{{ item.key }}": ... over a dict read at run time.
        String play = """
                - hosts: localhost
                  vars: {os_vars: {ssh_owner: root}}
                  tasks:
                    - set_fact:
                        "{{ item.key }}": "{{ item.value }}"
                      with_dict: "{{ os_vars }}"
                    - debug: msg="{{ ssh_owner }}"
                """;
        CliRun r = run("validate", play);
        assertThat(r.exitCode()).as(r.err()).isZero();
        CliRun without = run("validate", play.replace("\"{{ item.key }}\"", "fixed_name"));
        assertThat(without.exitCode()).isEqualTo(3);
        assertThat(without.err()).contains("undefined variable 'ssh_owner'");
    }

    @Test
    void walksRolesImportsAndIncludesAndNamesTheFileOfEachProblem() throws Exception {
        Files.createDirectories(dir.resolve("roles/web/tasks"));
        Files.writeString(dir.resolve("roles/web/tasks/main.yml"), "- debug: msg=ok\n- apt_rpository: repo=x\n");
        Files.writeString(dir.resolve("more.yml"), "- name: included\n  command: ls\n  run_onec: true\n");
        String site = """
                - hosts: localhost
                  roles: [web]
                  tasks:
                    - include_tasks: more.yml
                """;
        CliRun bad = run("validate", site);
        assertThat(bad.exitCode()).isEqualTo(3);
        assertThat(bad.err()).contains(dir.resolve("roles/web/tasks/main.yml") + ":2:3: unknown module 'apt_rpository'")
                .contains(dir.resolve("more.yml") + ":3:3: unsupported task keyword 'run_onec'");

        Files.writeString(dir.resolve("roles/web/tasks/main.yml"), "- debug: msg={{ greeting }}\n");
        Files.createDirectories(dir.resolve("roles/web/defaults"));
        Files.writeString(dir.resolve("roles/web/defaults/main.yml"), "greeting: hi\n");
        Files.writeString(dir.resolve("more.yml"), "- command: ls\n");
        CliRun good = run("validate", site);
        assertThat(good.exitCode()).as(good.err()).isZero();
        assertThat(good.out()).contains("valid (1 plays, 2 tasks)");
    }

    @Test
    void undefinedVariablesInWithLoopsAreReported() throws Exception {
        CliRun r = run("validate", """
                - hosts: localhost
                  tasks:
                    - debug: msg={{ item.key }}
                      with_dict: "{{ no_such_dict }}"
                """);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("site.yml:3:7: undefined variable 'no_such_dict'");
    }

    @Test
    void aPlayThatTheLimitLeavesWithoutHostsIsNotCheckedForItsVariables() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.ini"), "[web]\nweb1\n[db]\ndb1\n[db:vars]\ndb_port=5432\n");
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: web
                  tasks:
                    - debug: {msg: web}
                - hosts: db
                  tasks:
                    - debug: {msg: "{{ db_port }} {{ db_only_undefined }}"}
                """);
        CliRun limited = CliRun.of("validate", pb.toString(), "-i", inv.toString(), "-l", "web");
        assertThat(limited.exitCode()).as(limited.err()).isZero();
        CliRun all = CliRun.of("validate", pb.toString(), "-i", inv.toString());
        assertThat(all.exitCode()).isEqualTo(3);
        assertThat(all.err()).contains("undefined variable 'db_only_undefined'").doesNotContain("'db_port'");
    }

    @Test
    void aVariableTheTasksWhenTestsForDefinednessIsNotUndefinedInThatTask() throws Exception {
        // Roles leave optional settings commented out in defaults and guard their tasks: Ansible skips such a task.
        CliRun guarded = run("validate", """
                - hosts: localhost
                  tasks:
                    - copy: {src: "{{ filters_path }}", dest: ROOT/}
                      when:
                        - filters_path is defined
                    - assert:
                        that:
                          - extra_opts.size is string
                      when: extra_opts.size is not undefined and true
                    - block:
                        - debug: {msg: "{{ block_opt }}"}
                      when: block_opt is defined
                """);
        assertThat(guarded.exitCode()).as(guarded.err()).isZero();
        // A guard on another variable, one the play defines, does not guard this one.
        CliRun other = run("validate", """
                - hosts: localhost
                  vars: {something_else: 1}
                  tasks:
                    - copy: {content: "{{ really_missing }}", dest: ROOT}
                      when: something_else is defined
                """);
        assertThat(other.exitCode()).isEqualTo(3);
        assertThat(other.err()).contains("site.yml:4:7: undefined variable 'really_missing'");
    }

    @Test
    void aTaskWhoseWhenNeedsAVariableNothingDefinesNeverRunsSoItsArgumentsAreNotChecked() throws Exception {
        // robertdebock.postfix: "dest: {{ cert_file }}" under "when: cert_file_source is defined", neither defined;
        // Ansible skips the task before it renders dest.
        CliRun skipped = run("validate", """
                - hosts: localhost
                  tasks:
                    - copy: {src: "{{ cert_source }}", dest: "{{ cert_file }}"}
                      when:
                        - cert_source is defined
                    - debug: {msg: "{{ key_file }}"}
                      when: key_source is defined
                """);
        assertThat(skipped.exitCode()).as(skipped.err()).isZero();
        // Only a whole condition counts: with "or" the task may run.
        CliRun either = run("validate", """
                - hosts: localhost
                  tasks:
                    - debug: {msg: "{{ key_file }}"}
                      when: key_source is defined or true
                """);
        assertThat(either.exitCode()).isEqualTo(3);
        assertThat(either.err()).contains("site.yml:3:7: undefined variable 'key_file'");
    }
}
