package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ansible-playbook's habit flags on plan and apply, run as a user would on this machine (local connection): the
 * listings' shape is the one ansible-playbook 2.14 prints for the same playbook and inventory.
 */
class AnsibleHabitsTest {
    @TempDir
    Path dir;

    private Path inventory() throws Exception {
        Path inv = dir.resolve("inv.ini");
        Files.writeString(inv, """
                [web]
                h1 ansible_connection=local
                h2 ansible_connection=local
                [db]
                h3 ansible_connection=local
                """);
        return inv;
    }

    private Path playbook() throws Exception {
        Path f = dir.resolve("site.yml");
        Files.writeString(f, """
                - name: first play
                  hosts: web
                  gather_facts: false
                  tags: [p1]
                  tasks:
                    - name: one
                      copy: {content: "1\\n", dest: "ROOT/one"}
                      tags: [a, b]
                    - name: two
                      copy: {content: "2\\n", dest: "ROOT/two-{{ inventory_hostname }}"}
                    - block:
                        - name: three
                          copy: {content: "3\\n", dest: "ROOT/three-{{ inventory_hostname }}"}
                          tags: c
                - hosts: db
                  gather_facts: false
                  tasks:
                    - name: four
                      copy: {content: "4\\n", dest: "ROOT/four"}
                """.replace("ROOT", dir.toString()));
        return f;
    }

    @Test
    void listHostsAsAnsiblePrintsThem() throws Exception {
        CliRun r = CliRun.of("plan", playbook().toString(), "-i", inventory().toString(), "--list-hosts", "-l", "h1,h3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""

                playbook: %s

                  play #1 (web): first play\tTAGS: [p1]
                    pattern: ['web']
                    hosts (1):
                      h1

                  play #2 (db): db\tTAGS: []
                    pattern: ['db']
                    hosts (1):
                      h3
                """.formatted(dir.resolve("site.yml")));
    }

    @Test
    void listTasksAndTagsFollowTagSelection() throws Exception {
        CliRun all = CliRun.of("apply", playbook().toString(), "-i", inventory().toString(), "--list-tasks");
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).contains("""
                  play #1 (web): first play\tTAGS: [p1]
                    tasks:
                      one\tTAGS: [a, b, p1]
                      two\tTAGS: [p1]
                      three\tTAGS: [c, p1]

                  play #2 (db): db\tTAGS: []
                    tasks:
                      four\tTAGS: []
                """);
        CliRun tagged = CliRun.of("plan", playbook().toString(), "-i", inventory().toString(), "--list-tasks", "-t", "b");
        assertThat(tagged.out()).contains("one\tTAGS: [a, b, p1]").doesNotContain("two\t").doesNotContain("four\t");
        CliRun tags = CliRun.of("plan", playbook().toString(), "-i", inventory().toString(), "--list-tags");
        assertThat(tags.out()).contains("      TASK TAGS: [a, b, c, p1]\n").contains("      TASK TAGS: []\n");
        // Nothing ran: the listings contact no host and write nothing.
        assertThat(dir.resolve("one")).doesNotExist();
    }

    @Test
    void syntaxCheckPassesOrFailsWithExitCode3() throws Exception {
        CliRun ok = CliRun.of("plan", playbook().toString(), "-i", inventory().toString(), "--syntax-check");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("\nplaybook: " + dir.resolve("site.yml") + "\n");

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "- hosts: web\n  tasks:\n    - name: x\n      copy: {dest: /tmp/x, contnet: y}\n");
        CliRun broken = CliRun.of("apply", bad.toString(), "-i", inventory().toString(), "--syntax-check");
        assertThat(broken.exitCode()).isEqualTo(3);
        assertThat(broken.err()).contains("bad.yml:4").contains("contnet");
        assertThat(broken.out()).doesNotContain("playbook:");
    }

    @Test
    void applyCheckPlansAndChangesNothing() throws Exception {
        CliRun r = CliRun.of("apply", playbook().toString(), "-i", inventory().toString(), "-C", "--diff");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("+ one: file " + dir.resolve("one")).contains("+1").contains("Plan: ");
        assertThat(dir.resolve("one")).doesNotExist();
        assertThat(dir.resolve("four")).doesNotExist();
    }

    @Test
    void startAtTaskSkipsEarlierTasksInEveryPlay() throws Exception {
        CliRun r = CliRun.of("apply", playbook().toString(), "-i", inventory().toString(), "--start-at-task", "thr*");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(dir.resolve("one")).doesNotExist();
        assertThat(dir.resolve("two-h1")).doesNotExist();
        assertThat(dir.resolve("three-h1")).hasContent("3");
        assertThat(dir.resolve("three-h2")).hasContent("3");
        assertThat(dir.resolve("four")).hasContent("4");
    }

    @Test
    void startAtTaskThatMatchesNothingIsRefused() throws Exception {
        CliRun r = CliRun.of("apply", playbook().toString(), "-i", inventory().toString(), "--start-at-task", "nope");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("No matching task \"nope\" found");
        assertThat(dir.resolve("four")).doesNotExist();

        CliRun saved = CliRun.of("plan", playbook().toString(), "-i", inventory().toString(), "--start-at-task", "two",
                "-o", dir.resolve("p.plan").toString());
        assertThat(saved.exitCode()).isEqualTo(3);
        assertThat(saved.err()).contains("cannot be saved");
        assertThat(dir.resolve("p.plan")).doesNotExist();
    }
}
