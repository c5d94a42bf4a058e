package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.Action;
import java.util.EnumMap;
import java.util.Map;

/** Counts over a run: changes by action, hosts with and without changes, failed and unreachable hosts. */
public record Summary(Map<Action, Integer> actions, int hosts, int unchanged, int failed, int unreachable) {
    public static Summary of(RunResult run) {
        Map<Action, Integer> counts = new EnumMap<>(Action.class);
        for (Action a : Action.values()) if (a.isChange()) counts.put(a, 0);
        int unchanged = 0;
        int failed = 0;
        int unreachable = 0;
        for (HostResult h : run.hosts()) {
            for (TaskOutcome o : h.outcomes()) {
                if (o.action().isChange()) counts.merge(o.action(), 1, Integer::sum);
            }
            // A host that failed or could not be reached is not known to be unchanged.
            if (!h.hasChanges() && h.state() == HostResult.State.OK) unchanged++;
            if (h.state() == HostResult.State.FAILED) failed++;
            if (h.state() == HostResult.State.UNREACHABLE) unreachable++;
        }
        return new Summary(counts, run.hosts().size(), unchanged, failed, unreachable);
    }

    public int changes() {
        return actions.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int count(Action a) {
        return actions.getOrDefault(a, 0);
    }
}
