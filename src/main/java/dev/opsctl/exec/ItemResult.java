package dev.opsctl.exec;

import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.Change;
import dev.opsctl.template.Data;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one loop item of a task did, for its task's {@code register} and notifications.
 *
 * @param unknown    a plan cannot know its result yet (known after apply)
 * @param registered what {@code register} holds for the item, or null when unknown
 */
record ItemResult(boolean failed, boolean changed, boolean unknown, Map<String, Object> registered) {
    static ItemResult knownAfterApply() {
        return new ItemResult(false, true, true, null);
    }

    static ItemResult failed(RuntimeException e) {
        return new ItemResult(true, false, false, Map.of("changed", false, "failed", true, "msg", String.valueOf(e.getMessage())));
    }

    /**
     * The item's result from what its module registered ({@code changed}, {@code failed} and the module's own values),
     * {@code changed_when} and {@code failed_when} applied; records its outcome, and the facts it returned join the
     * host's.
     */
    static ItemResult finish(HostPlay run, TaskScope scope, String label, Change change, Map<String, Object> reg,
                             boolean handler, boolean quiet) {
        var task = scope.task();
        TaskScope withReg = task.register() == null ? scope : scope.with(task.register(), reg);
        boolean changed = (Boolean) reg.get("changed");
        boolean failed = (Boolean) reg.get("failed");
        if (task.changedWhen() != null) changed = withReg.holds(task.changedWhen());
        if (task.failedWhen() != null) failed = withReg.holds(task.failedWhen());
        reg.put("changed", changed);
        reg.put("failed", failed);
        if (!failed && reg.get("ansible_facts") instanceof Map<?, ?> returned) addFacts(run.state(), returned);
        TaskOutcome.Status st = failed ? TaskOutcome.Status.FAILED : changed ? TaskOutcome.Status.CHANGED : TaskOutcome.Status.OK;
        String msg = failed ? String.valueOf(reg.getOrDefault("msg", "failed")) : null;
        run.outcomes().record(task, label, change, null, st, msg, quiet, handler);
        return new ItemResult(failed, changed, false, reg);
    }

    /** Facts a module returns ({@code service_facts}, {@code package_facts}, {@code getent}) join the host's, as in Ansible. */
    @SuppressWarnings("unchecked")
    private static void addFacts(HostState state, Map<?, ?> returned) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (state.factVars.get("ansible_facts") instanceof Map<?, ?> known) all.putAll((Map<String, Object>) known);
        returned.forEach((k, v) -> {
            String name = String.valueOf(k);
            // As Ansible injects them: each fact under its own name, and under ansible_facts without an "ansible_" prefix.
            state.factVars.put(name, Data.of(v));
            all.put(name.startsWith("ansible_") ? name.substring("ansible_".length()) : name, v);
        });
        state.factVars.put("ansible_facts", Data.of(all));
    }
}
