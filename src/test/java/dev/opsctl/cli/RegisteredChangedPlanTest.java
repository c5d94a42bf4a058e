package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that will run is known to change the host before its output exists: a plan decides
 * {@code when: result is changed} (and {@code is not changed}, {@code result.changed}) from that, while what needs
 * its {@code rc}, output or failure stays known after apply. Plan, apply and re-plan on this machine.
 */
class RegisteredChangedPlanTest {
    @TempDir
    Path dir;

    private static final String PLAYBOOK = """
            - hosts: localhost
              tasks:
                - name: make the file
                  command: touch ROOT/swapfile
                  args: {creates: ROOT/swapfile}
                  register: made
                - name: format it
                  shell: echo formatted > ROOT/formatted
                  when: made is changed
                - name: only when unchanged
                  copy: {content: "unchanged\\n", dest: ROOT/unchanged}
                  when: made is not changed
                - name: by the attribute
                  copy: {content: "attr\\n", dest: ROOT/attr}
                  when: made.changed
                - name: its exit code
                  copy: {content: "{{ made.rc }}\\n", dest: ROOT/rc}
                - name: when it failed
                  copy: {content: "failed\\n", dest: ROOT/failed}
                  when: made is failed
                - name: its output with a default
                  copy: {content: "{{ made.stdout | default('none') }}\\n", dest: ROOT/stdout}
            """;

    @Test
    void changedIsKnownAtPlanTimeAndTheOutputAfterApply() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK.replace("ROOT", root.toString()));

        CliRun plan = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out())
                .contains("> make the file: command: touch")
                .contains("> format it: shell: echo formatted")
                .contains("+ by the attribute: file " + root.resolve("attr"))
                .doesNotContain("only when unchanged")
                .contains("its exit code: copy (depends on 'made', known after apply)")
                .contains("when it failed: copy (depends on 'made', known after apply)")
                .contains("its output with a default: copy (depends on 'made', known after apply)");
        assertThat(root.resolve("swapfile")).doesNotExist();

        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(root.resolve("formatted")).hasContent("formatted");
        assertThat(root.resolve("attr")).hasContent("attr");
        assertThat(root.resolve("rc")).hasContent("0");
        assertThat(Files.readString(root.resolve("stdout"))).isEqualTo("\n");
        assertThat(root.resolve("unchanged")).doesNotExist();
        assertThat(root.resolve("failed")).doesNotExist();

        // Now the file exists: the command is skipped, so it is known not to change anything.
        Files.delete(root.resolve("formatted"));
        CliRun again = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isEqualTo(2);
        assertThat(again.out())
                .contains("+ only when unchanged: file " + root.resolve("unchanged"))
                .doesNotContain("format it")
                .doesNotContain("known after apply")
                .contains("Plan: 1 to create, 0 to update, 0 to delete, 0 to run");
    }

    @Test
    void varsAFileWouldSetAfterACommandAreKnownAfterApplyNotUndefined() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.writeString(root.resolve("version"), "2.4\n");
        Files.writeString(dir.resolve("v24.yml"), "vhosts_version: '2.4'\n");
        Files.writeString(dir.resolve("v22.yml"), "vhosts_version: '2.2'\n");
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  tasks:
                    - name: installed version
                      command: cat ROOT/version
                      register: v
                    - include_vars: v22.yml
                      when: v.stdout == '2.2'
                    - include_vars: v24.yml
                      when: v.stdout == '2.4'
                    - name: vhosts
                      copy: {content: "{{ vhosts_version }}\\n", dest: ROOT/vhosts}
                    - name: vhosts from a template file
                      template: {src: vhosts.j2, dest: ROOT/vhosts.conf}
                """.replace("ROOT", root.toString()));
        Files.writeString(dir.resolve("vhosts.j2"), "version {{ vhosts_version }}\n");

        CliRun plan = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("vhosts: copy (depends on 'vhosts_version', known after apply)")
                .contains("vhosts from a template file: template (depends on 'vhosts_version', known after apply)")
                .doesNotContain("undefined");

        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(root.resolve("vhosts"))).isEqualTo("2.4\n");
        assertThat(Files.readString(root.resolve("vhosts.conf"))).isEqualTo("version 2.4\n");
    }

    @Test
    void aControllerFileAnEarlierDelegatedCommandMakesIsKnownAfterApply() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Files.createDirectories(dir.resolve("files"));
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  tasks:
                    - name: generate a key on the controller
                      command: sh -c 'echo generated > DIR/files/key'
                      args: {creates: DIR/files/key}
                      delegate_to: localhost
                    - name: copy it to the host
                      copy: {src: key, dest: ROOT/key, mode: "0400"}
                """.replace("ROOT", root.toString()).replace("DIR", dir.toString()));

        CliRun plan = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("copy it to the host: copy (could not find src 'key'")
                .contains("'generate a key on the controller' runs first: known after apply");
        assertThat(dir.resolve("files/key")).doesNotExist();

        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(root.resolve("key"))).isEqualTo("generated\n");
    }
}
