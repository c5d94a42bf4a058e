package dev.opsctl.exec;

import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Role;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import dev.opsctl.rolling.Rollout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides, once per play before any host is contacted, whether the play's hosts must go through it in step
 * ({@link Lockstep}) because the play could tell the difference from running them independently: a failure policy
 * that stops the others after the task that failed ({@code any_errors_fatal}, {@code max_fail_percentage}), a
 * {@code run_once} task (it runs after every host finished the task before it), or a read of other hosts' variables
 * ({@code hostvars}) that this play's tasks may set. Every other play keeps the fast independent path.
 */
final class LockstepRule {
    private static final String HOSTVARS = "hostvars";

    private LockstepRule() {}

    /** Why {@code play} runs in step, or null when its hosts may go independently. */
    static String reason(Play play, Rollout rollout, Path playbookDir) {
        if (rollout.anyErrorsFatal()) return "any_errors_fatal";
        if (rollout.maxFailPercentage() != null) return "max_fail_percentage";
        List<Task> tasks = play.allTasks();
        if (tasks.stream().anyMatch(t -> t.runOnce() || t.templated().containsKey("run_once")) || includesRunOnce(play)) return "run_once";
        if (readsHostvars(play, tasks, playbookDir)) return "hostvars";
        return null;
    }

    private static boolean includesRunOnce(Play play) {
        for (List<TaskNode> section : play.sections()) if (includesRunOnce(section)) return true;
        return false;
    }

    private static boolean includesRunOnce(List<TaskNode> nodes) {
        for (TaskNode n : nodes) {
            if (n instanceof Include inc && (inc.keywords().runOnce() || inc.tasks() != null && includesRunOnce(inc.tasks()))) return true;
            if (n instanceof Block b && (includesRunOnce(b.block()) || includesRunOnce(b.rescue()) || includesRunOnce(b.always()))) return true;
        }
        return false;
    }

    /**
     * Whether the play's text mentions {@code hostvars}: its vars, its tasks (arguments, conditions, loops, vars), its
     * roles' defaults and vars, and the templates beside the playbook and in its roles. Text, not a parse: a mention
     * that reads nothing set in this play costs only the waiting.
     */
    private static boolean readsHostvars(Play play, List<Task> tasks, Path playbookDir) {
        if (mentions(play.vars())) return true;
        for (Task t : tasks) {
            if (mentions(t.args()) || mentions(t.when()) || mentions(t.loop()) || mentions(t.vars()) || mentions(t.templated())) return true;
        }
        Set<Path> templateDirs = new LinkedHashSet<>();
        if (playbookDir != null) templateDirs.add(playbookDir.resolve("templates"));
        Set<Role> roles = new LinkedHashSet<>(play.staticRoles());
        tasks.stream().map(Task::role).filter(r -> r != null).forEach(roles::add);
        for (Role r : roles) {
            if (mentions(r.defaults()) || mentions(r.vars()) || mentions(r.params())) return true;
            templateDirs.add(r.dir().resolve("templates"));
        }
        for (Path dir : templateDirs) if (templatesMention(dir)) return true;
        return false;
    }

    private static boolean mentions(Object written) {
        return written != null && String.valueOf(written).contains(HOSTVARS);
    }

    private static boolean templatesMention(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).anyMatch(LockstepRule::fileMentions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fileMentions(Path file) {
        try {
            return Files.size(file) < (4 << 20) && Files.readString(file).contains(HOSTVARS);
        } catch (IOException | RuntimeException e) {
            // Not text (or unreadable): the template module would fail on it the same way; nothing to wait for.
            return false;
        }
    }
}
