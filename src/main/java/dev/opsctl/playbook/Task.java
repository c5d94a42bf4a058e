package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import java.util.List;
import java.util.Map;

/**
 * One task (or handler) as written: the module and its raw, untemplated arguments, and the keywords around it.
 * {@code when}, {@code changedWhen} and {@code failedWhen} hold a string, a boolean or a list of them;
 * {@code throttle} is how many hosts may run it at once, or null for no limit.
 * Keywords of enclosing blocks, imports and roles are already folded in.
 *
 * @param role        the role the task comes from, or null
 * @param environment {@code environment:} as written (a mapping or a template yielding one), or null
 * @param checkMode   {@code check_mode:}, or null when not set
 * @param delegateTo  {@code delegate_to:} as written (the controller or an inventory host, maybe a template), or null
 * @param runOnce     {@code run_once:} the task runs on the play's first host, its result shared with the others
 * @param templated   keywords written as templates ({@code ignore_errors: "{{ ansible_check_mode }}"}), by keyword name:
 *                    rendered on each host when the task runs; their typed fields above hold the default meanwhile
 * @param unsupported why opsctl cannot run this task (a module, argument or keyword Ansible has and opsctl lacks), or
 *                    null: the task fails with it on a host where it would run, never when it is skipped
 */
public record Task(
        String name,
        String module,
        Map<String, Object> args,
        Source at,
        Object when,
        Object loop,
        String loopVar,
        Object loopLabel,
        String register,
        List<String> notifies,
        List<String> tags,
        Object changedWhen,
        Object failedWhen,
        boolean ignoreErrors,
        boolean noLog,
        Map<String, Object> vars,
        Boolean become,
        String becomeUser,
        List<String> listen,
        Integer throttle,
        Role role,
        Object environment,
        Boolean checkMode,
        String delegateTo,
        boolean runOnce,
        Map<String, Object> templated,
        String unsupported) implements TaskNode {
    /** The names {@code delegate_to} may give the controller. */
    public static final java.util.Set<String> CONTROLLER_NAMES = java.util.Set.of("localhost", "127.0.0.1");


    /** What the output calls this task: its name or module, after its role's name ({@code "web : Install"}). */
    public String displayName() {
        String shown = name != null && !name.isBlank() ? name : module;
        // Ansible shows a role's tasks as "role : task".
        return role == null ? shown : role.name() + " : " + shown;
    }

    /** The same task under another name (its name rendered for display). */
    public Task named(String shownName) {
        return new Task(shownName, module, args, at, when, loop, loopVar, loopLabel, register, notifies, tags, changedWhen,
                failedWhen, ignoreErrors, noLog, vars, become, becomeUser, listen, throttle, role, environment, checkMode,
                delegateTo, runOnce, templated, unsupported);
    }

    /** The same task with its templated keywords' values rendered for one host. */
    public Task withKeywords(boolean ignoreErrors, boolean noLog, Boolean become, String becomeUser, Boolean checkMode,
                             boolean runOnce, String delegateTo) {
        return new Task(name, module, args, at, when, loop, loopVar, loopLabel, register, notifies, tags, changedWhen,
                failedWhen, ignoreErrors, noLog, vars, become, becomeUser, listen, throttle, role, environment, checkMode,
                delegateTo, runOnce, Map.of(), unsupported);
    }

    /** The names a notify may use for this handler: its name, {@code "role : name"} for a role's handler, and its listen topics. */
    public List<String> handlerNames() {
        List<String> names = new java.util.ArrayList<>();
        if (name != null) {
            names.add(name);
            if (role != null) names.add(role.name() + " : " + name);
        }
        names.addAll(listen);
        return names;
    }
}
