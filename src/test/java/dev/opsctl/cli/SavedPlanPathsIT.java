package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A saved plan applies however its playbook was named: made with {@code $PWD/site.yml} and applied from the same
 * directory with the relative name, the other way round, and through a symlinked directory. Before, the task files
 * were recorded under the path as typed, and apply refused the plan as drift (exit 5) with nothing changed.
 */
class SavedPlanPathsIT {
    @TempDir
    Path tmp;

    /** A playbook whose task comes from an included file, writing {@code out.txt} beside it on the controller. */
    private Path project(String name) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.createDirectories(dir.resolve("tasks"));
        Files.writeString(dir.resolve("hosts.ini"), "h1 ansible_connection=local\n");
        Files.writeString(dir.resolve("tasks/write.yml"), "- copy: {dest: " + dir.resolve("out.txt") + ", content: \"planned\\n\"}\n");
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - include_tasks: tasks/write.yml
                    - import_tasks: tasks/write.yml
                """);
        return dir;
    }

    private static JarRun opsctl(Path cwd, String... args) throws Exception {
        return JarRun.of(cwd, Map.of(), args);
    }

    private static void planThenApply(Path planCwd, String playbook, Path applyCwd, String planFile, Path written) throws Exception {
        JarRun plan = opsctl(planCwd, "plan", playbook, "-i", "hosts.ini", "-o", "p.json");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(written).doesNotExist();
        JarRun apply = opsctl(applyCwd, "apply", planFile);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.err()).doesNotContain("drift");
        assertThat(written).hasContent("planned");
    }

    @Test
    void absolutePlanAppliesFromTheRelativeName() throws Exception {
        Path dir = project("abs");
        planThenApply(dir, dir.resolve("site.yml").toString(), dir, "p.json", dir.resolve("out.txt"));
    }

    @Test
    void relativePlanAppliesByItsAbsoluteName() throws Exception {
        Path dir = project("rel");
        planThenApply(dir, "site.yml", dir, dir.resolve("p.json").toString(), dir.resolve("out.txt"));
    }

    @Test
    void planThroughASymlinkedDirectoryAppliesFromTheRealOne() throws Exception {
        Path dir = project("real");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), dir);
        planThenApply(link, link.resolve("site.yml").toString(), dir, "p.json", dir.resolve("out.txt"));
    }

    @Test
    void aChangedTaskFileIsStillRefused() throws Exception {
        Path dir = project("changed");
        JarRun plan = opsctl(dir, "plan", dir.resolve("site.yml").toString(), "-i", "hosts.ini", "-o", "p.json");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        Files.writeString(dir.resolve("tasks/write.yml"), "- copy: {dest: " + dir.resolve("out.txt") + ", content: \"other\\n\"}\n");
        JarRun apply = opsctl(dir, "apply", "p.json");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(5);
        assertThat(dir.resolve("out.txt")).doesNotExist();
    }
}
