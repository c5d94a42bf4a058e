package dev.opsctl.exec;

import dev.opsctl.playbook.Include;
import dev.opsctl.template.Data;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code register:} on include_tasks / include_role stores, as Ansible 2.14 returns it: the include's own result
 * ({@code include}, {@code include_args}, {@code changed: false}), never its tasks' results; a skipped include
 * registers {@code skipped}; a loop registers one result per item under {@code results}.
 */
final class IncludeResult {
    private IncludeResult() {}

    /** Stores the include's result under its {@code register:} name, as data (never rendered again). */
    static void register(Include include, TaskScope scope, HostState state) {
        String name = include.keywords().register();
        if (name == null) return;
        state.runVars.put(name, Data.of(of(include, scope)));
        state.dataVars.add(name);
        state.unknown.remove(name);
    }

    static Map<String, Object> of(Include include, TaskScope scope) {
        if (include.loop() == null) {
            return include.when() == null || scope.holds(include.when()) ? ran(include, scope) : skipped();
        }
        List<Object> results = new ArrayList<>();
        boolean allSkipped = true;
        for (Object item : scope.loopItems()) {
            TaskScope itemScope = scope.withItem(item);
            boolean runs = include.when() == null || itemScope.holds(include.when());
            allSkipped &= !runs;
            Map<String, Object> one = new LinkedHashMap<>(runs ? ran(include, itemScope) : skipped());
            if (runs) one.remove("changed");
            one.put("ansible_loop_var", include.loopVar());
            one.put(include.loopVar(), item);
            results.add(one);
        }
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("changed", false);
        reg.put("msg", "All items completed");
        reg.put("results", results);
        reg.put("skipped", !results.isEmpty() && allSkipped);
        return reg;
    }

    private static Map<String, Object> ran(Include include, TaskScope scope) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("changed", false);
        if (include.keywords().ofRole()) {
            reg.put("include_args", Map.of("name", include.file()));
        } else {
            reg.put("include", String.valueOf(scope.render(include.file())));
            reg.put("include_args", Map.of());
        }
        return reg;
    }

    private static Map<String, Object> skipped() {
        return Map.of("changed", false, "skipped", true, "skip_reason", "Conditional result was False");
    }
}
