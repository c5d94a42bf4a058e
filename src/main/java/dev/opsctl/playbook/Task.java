package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import java.util.List;
import java.util.Map;

/**
 * One task (or handler) as written: the module and its raw, untemplated arguments, and the keywords around it.
 * {@code when}, {@code changedWhen} and {@code failedWhen} hold a string, a boolean or a list of them;
 * {@code throttle} is how many hosts may run it at once, or null for no limit.
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
        Integer throttle) {

    /** What the output calls this task: its name, or the module and its arguments as Ansible shows them. */
    public String displayName() {
        if (name != null && !name.isBlank()) return name;
        return module;
    }

    /** The task with play-level tags added (a play's tags apply to all its tasks). */
    public Task withInheritedTags(List<String> inherited) {
        if (inherited.isEmpty()) return this;
        List<String> all = new java.util.ArrayList<>(tags);
        for (String t : inherited) if (!all.contains(t)) all.add(t);
        return new Task(name, module, args, at, when, loop, loopVar, loopLabel, register, notifies, all, changedWhen,
                failedWhen, ignoreErrors, noLog, vars, become, becomeUser, listen, throttle);
    }
}
