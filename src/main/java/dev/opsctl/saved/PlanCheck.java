package dev.opsctl.saved;

import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.plan.PlannedTask;
import dev.opsctl.report.Version;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Why a saved plan no longer holds: its inputs changed, or a host's facts drifted since it was made. */
public final class PlanCheck {
    private PlanCheck() {}

    /** Input files and extra variables that differ from the plan's; empty when all match. */
    public static List<String> inputChanges(SavedPlan plan, Map<String, String> inputsNow, Map<String, Object> extraVars) {
        List<String> changed = new ArrayList<>();
        Set<String> names = new TreeSet<>(plan.inputs().keySet());
        names.addAll(inputsNow.keySet());
        for (String name : names) {
            String then = plan.inputs().get(name);
            String now = inputsNow.get(name);
            if (then == null) changed.add(name + " (new)");
            else if (now == null) changed.add(name + " (gone)");
            else if (!then.equals(now)) changed.add(name);
        }
        // Names only (see SavedPlan.Request).
        if (!new TreeSet<>(plan.request().extraVarNames()).equals(new TreeSet<>(extraVars.keySet()))) {
            changed.add("-e extra vars (pass the same -e options as to plan: " + plan.request().extraVarNames() + ")");
        }
        List<String> problems = new ArrayList<>();
        if (!changed.isEmpty()) problems.add("inputs changed since the plan was made: " + String.join(", ", changed));
        // Another opsctl may plan the same inputs differently.
        if (!Version.get().equals(plan.opsctlVersion())) {
            problems.add("the plan was made by opsctl " + plan.opsctlVersion() + "; this is opsctl " + Version.get());
        }
        return problems;
    }

    /**
     * What differs between the saved plan and a fresh plan of the same inputs: hosts that drifted (naming each fact
     * key), hosts that are not the same set, and as a last guard hosts whose changes differ for another reason (a fact
     * read only while planning a task changed). Content is not compared: the saved steps, not fresh ones, are what
     * apply runs, so content that renders differently now (the clock) changes nothing.
     */
    public static List<String> drift(SavedPlan saved, Plan fresh) {
        List<String> problems = new ArrayList<>();
        Set<String> now = new LinkedHashSet<>();
        for (HostPlan h : fresh.hosts()) now.add(h.name());
        Set<String> then = new LinkedHashSet<>();
        for (HostPlan h : saved.hosts()) then.add(h.name());
        if (!now.equals(then)) problems.add("hosts changed since the plan was made: planned " + then + ", now " + now);
        for (HostPlan h : fresh.hosts()) {
            HostPlan was = saved.plan().host(h.name()).orElse(null);
            if (was == null || !h.status().equals("ok")) continue;
            List<String> keys = changedKeys(was.facts(), h.facts());
            if (!keys.isEmpty()) {
                problems.add(h.name() + ": drift since plan: " + String.join(", ", keys.stream().map(k -> k + " changed").toList()));
            } else if (!changes(was.tasks()).equals(changes(h.tasks()))) {
                problems.add(h.name() + ": drift since plan: the planned changes differ (a fact read while planning changed)");
            }
        }
        return problems;
    }

    private static List<String> changedKeys(Map<String, String> then, Map<String, String> now) {
        Set<String> keys = new TreeSet<>(then.keySet());
        keys.addAll(now.keySet());
        return keys.stream().filter(k -> !Objects.equals(then.get(k), now.get(k))).toList();
    }

    /** What each changing task is and does; messages (e.g. a debug of the clock) and content may differ freely. */
    private static List<List<Object>> changes(List<PlannedTask> tasks) {
        return tasks.stream().filter(t -> t.action().isChange())
                .map(t -> List.<Object>of(t.address().toString(), t.action().word(), String.valueOf(t.summary())))
                .toList();
    }
}
