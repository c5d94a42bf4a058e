package dev.opsctl.exec;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.inventory.Host;
import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.playbook.LoopLookup;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Role;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds variables a playbook uses but nothing defines, before any host is contacted. A name counts as defined
 * when any inventory host, play, task, loop, register or set_fact defines it, or it is a magic variable or fact;
 * uses guarded by {@code default} or {@code is defined} are fine.
 */
final class VariableCheck {
    private static final Set<String> MAGIC = Set.of("inventory_hostname", "inventory_hostname_short", "group_names",
            "groups", "hostvars", "playbook_dir", "ansible_play_hosts", "ansible_play_hosts_all", "play_hosts",
            "ansible_check_mode", "omit", "item", "ansible_loop", "ansible_facts", "true", "false", "none",
            "True", "False", "None", "range", "lookup", "query", "q", "loop", "namespace", "dict", "now", "role_name", "role_path",
            "role_names", "inventory_dir", "inventory_file");

    private final Workload workload;
    private final String limit;
    private final Diagnostics problems;

    /** A check whose findings go to {@code problems}. */
    VariableCheck(Workload workload, String limit, Diagnostics problems) {
        this.workload = workload;
        this.limit = limit;
        this.problems = problems;
    }

    void check() {
        for (Play play : workload.playbook().plays()) checkPlay(play);
    }

    private void checkPlay(Play play) {
        Set<String> known = new HashSet<>(MAGIC);
        known.addAll(workload.extraVars().keySet());
        known.addAll(play.vars().keySet());
        List<Host> hosts = workload.inventory().select(play.hosts());
        if (limit != null) {
            Set<String> limited = new HashSet<>();
            workload.inventory().select(limit).forEach(h -> limited.add(h.name()));
            hosts = hosts.stream().filter(h -> limited.contains(h.name())).toList();
            // A play that --limit leaves without hosts does not run (Ansible skips it too): its variables need no definition.
            if (hosts.isEmpty()) return;
        }
        for (Host h : hosts) known.addAll(workload.inventory().hostVars(h.name()).keySet());
        List<Task> tasks = play.allTasks();
        for (Role r : play.staticRoles()) {
            known.addAll(r.defaults().keySet());
            known.addAll(r.vars().keySet());
        }
        for (List<TaskNode> section : play.sections()) addIncludeVars(section, known);
        // Variables read from files on the host's run (include_vars without name:) cannot be known here.
        if (tasks.stream().anyMatch(t -> BuiltinName.of(t).equals("include_vars") && !t.args().containsKey("name"))) return;
        // Nor names a set_fact computes ("{{ item.key }}": ..., common for OS-specific defaults).
        if (tasks.stream().anyMatch(t -> BuiltinName.of(t).equals("set_fact") && t.args().keySet().stream().anyMatch(k -> k.contains("{{")))) return;
        for (Task t : tasks) {
            if (t.register() != null) known.add(t.register());
            if (BuiltinName.of(t).equals("include_vars") && t.args().get("name") instanceof String n) known.add(n);
            if (BuiltinName.of(t).equals("set_fact")) known.addAll(t.args().keySet());
            if (BuiltinName.of(t).equals("getent") && t.args().get("database") != null) known.add("getent_" + t.args().get("database"));
            known.add(t.loopVar());
        }
        for (Task t : tasks) {
            Set<String> local = new HashSet<>(known);
            local.addAll(t.vars().keySet());
            if (t.role() != null) {
                local.addAll(t.role().defaults().keySet());
                local.addAll(t.role().vars().keySet());
                local.addAll(t.role().params().keySet());
            }
            // A task whose when: asks whether X is defined never reads an undefined X: the task is skipped first (Ansible).
            local.addAll(definedTests(t.when()));
            // A condition "X is defined" (alone or one item of the when: list) with an X nothing defines: the task is
            // always skipped, so Ansible never renders its arguments (robertdebock.postfix's TLS files).
            if (neverRuns(t.when(), known, t)) {
                checkValue(t.when(), true, local, t);
                continue;
            }
            checkValue(t.args(), false, local, t);
            checkValue(t.vars(), false, local, t);
            // A loop over a variable that is undefined where the task's when: is false is skipped, as in Ansible.
            if (t.when() == null) checkValue(t.loop() instanceof LoopLookup lookup ? lookup.terms() : t.loop(), false, local, t);
            checkValue(t.when(), true, local, t);
            checkValue(t.changedWhen(), true, local, t);
            checkValue(t.failedWhen(), true, local, t);
            if (BuiltinName.of(t).equals("assert")) checkValue(t.args().get("that"), true, local, t);
            if (BuiltinName.of(t).equals("debug") && t.args().get("var") instanceof String v) checkValue(v, true, local, t);
        }
        for (Object v : play.vars().values()) checkValue(v, false, known, null, play.at());
    }

    /** Variables an include gives its tasks (its vars and loop variable). */
    private static void addIncludeVars(List<TaskNode> nodes, Set<String> known) {
        for (TaskNode n : nodes) {
            if (n instanceof Include i) {
                known.addAll(i.vars().keySet());
                known.add(i.loopVar());
                if (i.keywords().register() != null) known.add(i.keywords().register());
                if (i.tasks() != null) addIncludeVars(i.tasks(), known);
            } else if (n instanceof Block b) {
                addIncludeVars(b.block(), known);
                addIncludeVars(b.rescue(), known);
                addIncludeVars(b.always(), known);
            }
        }
    }

    private void checkValue(Object value, boolean expression, Set<String> known, Task task) {
        checkValue(value, expression, known, task, task.at());
    }

    private void checkValue(Object value, boolean expression, Set<String> known, Task task, dev.opsctl.diag.Source at) {
        if (value instanceof Map<?, ?> m) {
            for (Object v : m.values()) checkValue(v, false, known, task, at);
        } else if (value instanceof List<?> l) {
            for (Object v : l) checkValue(v, expression, known, task, at);
        } else if (value instanceof String s) {
            boolean templated = s.contains("{{") || s.contains("{%");
            if (!expression && !templated) return;
            String text = expression && !templated ? "{{ " + s + " }}" : s;
            Set<String> refs;
            try {
                refs = workload.templater().referencedVariables(text);
            } catch (RuntimeException e) {
                return;
            }
            for (String ref : refs) {
                String root = ref.split("[.\\[]", 2)[0];
                if (known.contains(root) || root.startsWith("ansible_") || guarded(s, root)) continue;
                problems.error(at,
                        "undefined variable '" + root + "'" + (task == null ? "" : " in task '" + task.displayName() + "'"));
                known.add(root);
            }
        }
    }

    private static final Pattern WHOLE_DEFINED_TEST = Pattern.compile("\\s*([A-Za-z_]\\w*)\\s+is\\s+defined\\s*");

    /** Whether one of the when: conditions (all must hold) is "X is defined" for an X no level defines. */
    private static boolean neverRuns(Object when, Set<String> known, Task t) {
        for (Object w : when instanceof List<?> l ? l : java.util.Collections.singletonList(when)) {
            if (!(w instanceof String s)) continue;
            java.util.regex.Matcher m = WHOLE_DEFINED_TEST.matcher(s);
            if (!m.matches()) continue;
            String name = m.group(1);
            boolean defined = known.contains(name) || name.startsWith("ansible_") || t.vars().containsKey(name)
                    || t.role() != null && (t.role().defaults().containsKey(name) || t.role().vars().containsKey(name)
                    || t.role().params().containsKey(name));
            if (!defined) return true;
        }
        return false;
    }

    /** The names a when: condition tests with {@code is defined} / {@code is not undefined}, in any of its strings. */
    static Set<String> definedTests(Object when) {
        Set<String> names = new HashSet<>();
        if (when instanceof List<?> l) {
            for (Object w : l) names.addAll(definedTests(w));
        } else if (when instanceof String s) {
            java.util.regex.Matcher m = DEFINED_TEST.matcher(s);
            while (m.find()) names.add(m.group(1));
        }
        return names;
    }

    private static final Pattern DEFINED_TEST =
            Pattern.compile("\\b([A-Za-z_]\\w*)[\\w.\\[\\]'\"]*\\s+is\\s+(?:defined|not\\s+undefined)\\b");

    private static boolean guarded(String text, String name) {
        Pattern p = Pattern.compile("\\b" + Pattern.quote(name)
                + "\\b[\\w.\\[\\]'\"]*\\s*(\\|\\s*(default|d)\\b|is\\s+(not\\s+)?(defined|undefined|none))");
        return p.matcher(text).find();
    }
}
