package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import java.util.List;
import java.util.Map;

/**
 * {@code include_tasks} or {@code include_role}: decided on each host at run time. Its {@code when} and loop are
 * evaluated once for the include, and its {@code vars} (and loop variable) are visible to every included task.
 * Unlike imports, its tags and conditions are not inherited by the included tasks (Ansible's rule).
 *
 * @param file  the file or role name as written (a template for {@code include_tasks})
 * @param tasks the included tasks when the name is known at load time, else null: loaded through {@code late}
 * @param role  the role the include is written in (its variables are visible to its condition and loop), or null
 */
public record Include(String name, String file, Source at, Object when, Object loop, String loopVar,
                      Map<String, Object> vars, List<String> tags, List<TaskNode> tasks, TaskFile late, Role role,
                      Keywords keywords) implements TaskNode {

    /**
     * The include's own keywords, which (as in Ansible) do not pass down to its tasks: {@code run_once} decides it on
     * the batch's first host only, the others skip it; {@code no_log} hides its own failure's details;
     * {@code ignore_errors} is accepted and, as in Ansible 2.14, does not cover a file that cannot be included;
     * {@code register} (or null) stores what Ansible's include returns (its name and arguments, never its tasks' results);
     * {@code ofRole}: an include_role (registers {@code include_args.name}), else include_tasks (registers {@code include}).
     */
    public record Keywords(boolean runOnce, boolean ignoreErrors, boolean noLog, String register, boolean ofRole) {
        public static final Keywords NONE = new Keywords(false, false, false, null, false);

        public Keywords(boolean runOnce, boolean ignoreErrors, boolean noLog) {
            this(runOnce, ignoreErrors, noLog, null, false);
        }
    }

    public Include(String name, String file, Source at, Object when, Object loop, String loopVar, Map<String, Object> vars,
                   List<String> tags, List<TaskNode> tasks, TaskFile late, Role role) {
        this(name, file, at, when, loop, loopVar, vars, tags, tasks, late, role, Keywords.NONE);
    }

    /** Loads a task file whose name is only known on the host (a template over facts or loop items). */
    @FunctionalInterface
    public interface TaskFile {
        /** @throws dev.opsctl.diag.InputException when the file is missing or invalid */
        List<TaskNode> load(String renderedName);
    }

    /**
     * The include as a task of its own, for what it shares with one: its condition, loop and variables are
     * evaluated like a task's, and its failures are reported under its name and position.
     */
    public Task asTask() {
        return new Task(name != null && !name.isBlank() ? name : "include " + file, "include_tasks", Map.of(), at, when, loop,
                loopVar, null, null, List.of(), tags, null, null, keywords.ignoreErrors(), keywords.noLog(), vars, null, null, List.of(), null,
                role, null, null, null, keywords.runOnce(), Map.of(), null);
    }
}
