package dev.opsctl.plan;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything that happened on one host in one run, in order.
 *
 * @param factDigests a SHA-256 per fact key of what the host answered before any predicted change (see FactDigest)
 */
public record HostResult(String host, List<TaskOutcome> outcomes, State state, String error, HostStats stats,
                         Map<String, String> factDigests) {
    /** How the host ended. */
    public enum State { OK, FAILED, UNREACHABLE }

    public HostResult {
        outcomes = List.copyOf(outcomes);
        // Digests still to be worked out stay so (see ObservedFacts): they are immutable already.
        if (!(factDigests instanceof dev.opsctl.facts.ObservedFacts.Digests)) {
            factDigests = Collections.unmodifiableSortedMap(new TreeMap<>(factDigests));
        }
    }

    public long count(TaskOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }

    /** Whether any task changes (plan) or changed (apply) something. */
    public boolean hasChanges() {
        return outcomes.stream().anyMatch(o -> o.action().isChange());
    }
}
