package dev.opsctl.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One host's part of a plan (or of an apply's result), in task order.
 *
 * @param status ok, failed or unreachable
 * @param facts  digest per fact key of the host's answers before any predicted change: what the plan was made against
 */
public record HostPlan(String name, String status, String error, Map<String, String> facts, List<PlannedTask> tasks) {
    public HostPlan {
        facts = Collections.unmodifiableSortedMap(new TreeMap<>(facts));
        tasks = List.copyOf(tasks);
    }

    /** Whether any task changes something on this host. */
    public boolean hasChanges() {
        return tasks.stream().anyMatch(t -> t.action().isChange());
    }
}
