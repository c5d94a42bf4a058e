package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ansible_check_mode} in a plan is what apply will see (false), so the plan shows the tasks apply will run:
 * before, a {@code when: not ansible_check_mode} task was skipped in the plan and run by apply.
 */
class CheckModeVariableTest {
    @TempDir
    Path dir;

    @Test
    void aTaskGuardedByNotCheckModeIsPlannedAsApplyRunsIt() throws Exception {
        Path inv = Files.writeString(dir.resolve("hosts.ini"), "h1 ansible_connection=local\n");
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: real only
                      copy: {dest: %1$s/real, content: "check={{ ansible_check_mode }}\\n"}
                      when: not ansible_check_mode
                    - name: check only
                      copy: {dest: %1$s/check, content: "x\\n"}
                      when: ansible_check_mode
                """.formatted(dir));
        for (String[] plan : new String[][] {{"plan", pb.toString()}, {"apply", pb.toString(), "--check"}}) {
            CliRun r = CliRun.of(plan[0], plan[1], plan.length > 2 ? plan[2] : "--detailed-exitcode", "-i", inv.toString());
            assertThat(r.out()).as(r.out() + r.err()).contains("+ real only: file " + dir.resolve("real"))
                    .doesNotContain("check only: file")
                    .contains("Plan: 1 to create, 0 to update, 0 to delete, 0 to run, on 1 host");
            assertThat(dir.resolve("real")).doesNotExist();
        }
        CliRun apply = CliRun.of("apply", pb.toString(), "-i", inv.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(dir.resolve("real")).hasContent("check=False");
        assertThat(dir.resolve("check")).doesNotExist();
        CliRun again = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes.");
    }
}
