package dev.opsctl.exec;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.playbook.Task;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A task's keywords written as templates ({@code ignore_errors: "{{ ansible_check_mode }}"}), rendered for one host as Ansible does. */
final class TaskKeywords {
    private TaskKeywords() {}

    /** The task with each templated keyword rendered by {@code render}; the task itself when it has none. */
    static Task resolve(Task task, UnaryOperator<Object> render) {
        Map<String, Object> t = task.templated();
        if (t.isEmpty()) return task;
        return task.withKeywords(
                flag(t, "ignore_errors", render, task.ignoreErrors()),
                flag(t, "no_log", render, task.noLog()),
                t.containsKey("become") ? Boolean.valueOf(flag(t, "become", render, false)) : task.become(),
                task.becomeUser(),
                t.containsKey("check_mode") ? Boolean.valueOf(flag(t, "check_mode", render, false)) : task.checkMode(),
                flag(t, "run_once", render, task.runOnce()),
                task.delegateTo());
    }

    private static boolean flag(Map<String, Object> templated, String keyword, UnaryOperator<Object> render, boolean fallback) {
        if (!templated.containsKey(keyword)) return fallback;
        Object value = render.apply(templated.get(keyword));
        Boolean b = Args.toBool(value);
        if (b == null) throw new ArgException("'" + keyword + "' must be a boolean, not '" + value + "' (from " + templated.get(keyword) + ")");
        return b;
    }
}
