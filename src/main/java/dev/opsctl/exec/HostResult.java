package dev.opsctl.exec;

import java.util.List;

/** Everything that happened on one host in one run, in order. */
public record HostResult(String host, List<TaskOutcome> outcomes, State state, String error, HostStats stats) {
    /** How the host ended. */
    public enum State { OK, FAILED, UNREACHABLE }

    public HostResult {
        outcomes = List.copyOf(outcomes);
    }

    public long count(TaskOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Whether any task changes (plan) or changed (apply) something. */
    public boolean hasChanges() {
        return outcomes.stream().anyMatch(o -> o.action().isChange());
    }
}
