package dev.opsctl.exec;

import dev.opsctl.json.Json;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.playbook.LoopLookup;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Data;
import dev.opsctl.template.Templater;
import dev.opsctl.template.UndefinedVariableException;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.access.BecomePrecedence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One task's variables on one host (one loop item's, once {@link #withItem} gave it one) and everything decided
 * from them: rendered arguments and keywords, {@code when}, the loop, {@code environment}, become. Built once per
 * task by {@link TaskVariables} and handed down; pure: it never asks the host.
 *
 * <p>A variable a plan knows only after apply (a command's {@code register}) makes a rendering that needs it throw
 * {@link KnownAfterApply} instead of an undefined-variable error.
 */
final class TaskScope {
    /** Ansible's placeholder for {@code default(omit)}: an argument rendered to it is left out. */
    static final String OMIT = "__omit_place_holder__opsctl";

    private final Task task;
    private final Map<String, Object> vars;
    private final Templater templater;
    private final Set<String> unknown;

    /** @param unknown names whose values are known only after apply */
    TaskScope(Task task, Map<String, Object> vars, Templater templater, Set<String> unknown) {
        this.task = task;
        this.vars = vars;
        this.templater = templater;
        this.unknown = unknown;
    }

    Task task() {
        return task;
    }

    /** The variables, as templates see them; not to be changed. */
    Map<String, Object> vars() {
        return vars;
    }

    /** The same variables for {@code other}: the task under its rendered name or keywords. */
    TaskScope of(Task other) {
        return new TaskScope(other, vars, templater, unknown);
    }

    /** The same task over {@code other} variables (the same ones, seen through {@link VarReads}). */
    TaskScope over(Map<String, Object> other) {
        return new TaskScope(task, other, templater, unknown);
    }

    /** These variables and {@code name}, as data (a rendering's result, a host's answer): never rendered again. */
    TaskScope withData(String name, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put(name, Data.of(value));
        Data.markNames(v, List.of(name));
        return new TaskScope(task, v, templater, unknown);
    }

    /** These variables and {@code name} as it is (a template or a stand-in), not as data. */
    TaskScope with(String name, Object value) {
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put(name, value);
        return new TaskScope(task, v, templater, unknown);
    }

    /** One loop item's scope: its loop variable set (the same scope when the task has no loop). */
    TaskScope withItem(Object item) {
        return task.loop() == null ? this : withData(task.loopVar(), item);
    }

    /** The items the task runs for: its rendered loop, or one null item without a loop. */
    List<Object> loopItems() {
        if (task.loop() == null) {
            List<Object> once = new ArrayList<>();
            once.add(null);
            return once;
        }
        if (task.loop() instanceof LoopLookup lookup) {
            try {
                return templater.loopLookup(lookup.lookup(), lookup.terms(), vars, task.at());
            } catch (UndefinedVariableException e) {
                throw unknownOr(e);
            }
        }
        Object rendered = render(task.loop());
        if (rendered instanceof List<?> l) return new ArrayList<>(l);
        if (rendered instanceof String s && task.loop() instanceof String) {
            throw new ArgException("loop must be a list, got the string '" + s + "'");
        }
        throw new ArgException("loop must be a list, got " + rendered);
    }

    /** The item's label in the output: {@code loop_control.label} rendered, or the item itself. */
    String label(Object item) {
        Object l = task.loopLabel() == null ? item : render(task.loopLabel());
        return l instanceof String s ? s : Json.write(l);
    }

    /** The task's arguments rendered, those rendered to {@code omit} left out. */
    @SuppressWarnings("unchecked")
    Map<String, Object> args() {
        Map<String, Object> rendered = new LinkedHashMap<>((Map<String, Object>) render(task.args()));
        rendered.values().removeIf(OMIT::equals);
        return rendered;
    }

    Object render(Object value) {
        try {
            return templater.render(value, vars, task.at());
        } catch (UndefinedVariableException e) {
            throw unknownOr(e);
        }
    }

    Object evaluate(String expression) {
        try {
            return templater.evaluate(expression, vars, task.at());
        } catch (UndefinedVariableException e) {
            throw unknownOr(e);
        }
    }

    /** Whether the task's {@code when:} holds (no condition holds). */
    boolean whenHolds() {
        return task.when() == null || holds(task.when());
    }

    /** Whether the task's when: is false with the variables known before its loop (an error there counts as not false). */
    boolean whenFalseWithoutItem() {
        if (task.when() == null) return false;
        try {
            return !holds(task.when());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code when:}, {@code changed_when:}, {@code failed_when:}: a condition or a list of them (all must hold). */
    boolean holds(Object condition) {
        List<?> all = condition instanceof List<?> l ? l : List.of(condition);
        for (Object c : all) {
            try {
                if (!templater.isTrue(stripBraces(c), vars, task.at())) return false;
            } catch (UndefinedVariableException e) {
                throw unknownOr(e);
            }
        }
        return true;
    }

    /** Ansible accepts (with a warning) {@code when: "{{ x }}"}; the bare expression means the same. */
    private static Object stripBraces(Object c) {
        if (c instanceof String s) {
            String t = s.strip();
            if (t.startsWith("{{") && t.endsWith("}}") && t.indexOf("{{", 2) < 0) return t.substring(2, t.length() - 2).strip();
        }
        return c;
    }

    /**
     * The task under its name as Ansible shows it: rendered with the variables known before its loop (include
     * variables and loop variables of includes, not its own item); left as written when that fails.
     */
    TaskScope withRenderedName() {
        if (task.name() == null || !task.name().contains("{{")) return this;
        try {
            return of(task.named(String.valueOf(templater.render(task.name(), vars, task.at()))));
        } catch (RuntimeException e) {
            return this;
        }
    }

    /** The task with its templated keywords ({@code ignore_errors: "{{ x }}"}) rendered. */
    TaskScope withKeywords() {
        Task resolved = TaskKeywords.resolve(task, this::render);
        return resolved == task ? this : of(resolved);
    }

    /** {@code environment:} rendered to names and values; every name must be a shell variable name. */
    Map<String, String> environment() {
        if (task.environment() == null) return Map.of();
        Object rendered = render(task.environment());
        if (!(rendered instanceof Map<?, ?> m)) throw new ArgException("environment must be a mapping, got " + rendered);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new ArgException("environment: '" + name + "' is not a variable name");
            env.put(name, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        return env;
    }

    /** {@code delegate_to} rendered for this host and item: the controller or an inventory host; null without one. */
    String delegateTo() {
        if (task.delegateTo() == null) return null;
        Object to = render(task.delegateTo());
        if (to == null || String.valueOf(to).isBlank()) throw new ArgException("delegate_to: no host name (rendered to '" + to + "')");
        return String.valueOf(to).strip();
    }

    /**
     * Whether and as whom the task runs with sudo; null without. As in Ansible, connection variables
     * ({@code ansible_become*}) override task and play keywords, which override {@code --become}; no sudo when the
     * connection already is the become user ({@code loginUser}).
     */
    Become become(Play play, RunSettings settings, String loginUser) {
        String written = task.becomeUser() != null ? task.becomeUser() : play.becomeUser();
        return BecomePrecedence.choose(n -> vars.get(n) == null ? null : render(vars.get(n)),
                task.become() != null ? task.become() : play.become(),
                () -> written == null ? null : String.valueOf(render(written)), settings.becomeDefaults(), loginUser);
    }

    /** A variable known only after apply as such; any other undefined variable as the error it is. */
    RuntimeException unknownOr(UndefinedVariableException e) {
        String root = e.variable().split("[.\\[]", 2)[0];
        if (unknown.contains(root)) return new KnownAfterApply(root);
        // Another host's register that a plan knows only after apply (HostState.publish names it hostvars['HOST'].NAME).
        if (e.variable().startsWith("hostvars['") && e.getMessage().contains("known only after apply")) return new KnownAfterApply(e.variable());
        return e;
    }
}
