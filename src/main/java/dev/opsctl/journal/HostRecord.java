package dev.opsctl.journal;

import java.time.Instant;
import java.util.List;

/**
 * One host of a journalled run.
 *
 * @param groups   the inventory groups the host was in when the run started
 * @param outcome  {@code not_started} until the host finishes; then ok, changed, failed or unreachable
 * @param changes  one line per change carried out ("~ update  set the motd: content")
 * @param planJson the host's part of the plan model (plan/PlanJson, steps left out), or null
 */
public record HostRecord(String host, List<String> groups, String outcome, String error, List<String> changes, String planJson,
                         Instant start, Instant end) {
    public static final String NOT_STARTED = "not_started";

    public HostRecord {
        groups = List.copyOf(groups);
        changes = List.copyOf(changes);
    }

    public static HostRecord notStarted(String host, List<String> groups) {
        return new HostRecord(host, groups, NOT_STARTED, null, List.of(), null, null, null);
    }

    public boolean failed() {
        return outcome.equals("failed") || outcome.equals("unreachable");
    }
}
