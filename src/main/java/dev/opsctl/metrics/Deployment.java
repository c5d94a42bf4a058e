package dev.opsctl.metrics;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one run was, as far as DORA's four keys care: when it ran, what it applied (the playbook and the commit it came
 * from), how it ended, and on which hosts (with their groups) with what outcome.
 *
 * @param runId the run's id (the journal's, or an imported pipeline's)
 * @param kind apply or reboot
 * @param playbook the playbook applied (null for a reboot)
 * @param start when the run started
 * @param end when it ended; null for an unfinished run
 * @param result how it ended
 * @param commit the commit of the repository holding the playbook (null when unknown)
 * @param commitTime that commit's author time (null when unknown): lead time starts here
 * @param hosts the hosts the run worked on
 */
public record Deployment(String runId, Kind kind, String playbook, Instant start, Instant end, Result result,
        String commit, Instant commitTime, List<DeployedHost> hosts) {
    /** What sort of run it was. */
    public enum Kind { APPLY, REBOOT }

    /** How a run ended. Refused and cancelled runs changed nothing. */
    public enum Result { SUCCESS, FAILED, REFUSED, CANCELLED, UNFINISHED }

    /** A host's outcome in a run. */
    public enum HostOutcome { OK, CHANGED, FAILED, UNREACHABLE, SKIPPED }

    /** One host a run worked on, with the inventory groups it belonged to then. */
    public record DeployedHost(String name, List<String> groups, HostOutcome outcome) {
        public DeployedHost {
            Objects.requireNonNull(name, "name");
            groups = List.copyOf(groups);
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    public Deployment {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(result, "result");
        hosts = List.copyOf(hosts);
    }

    /** Whether any of its hosts was in {@code group}. */
    public boolean touches(String group) {
        return hosts.stream().anyMatch(h -> h.groups().contains(group));
    }

    /** The names of its hosts. */
    public Set<String> hostNames() {
        return hosts.stream().map(DeployedHost::name).collect(Collectors.toSet());
    }

    /** The hosts that failed or were unreachable; all of its hosts when none is marked (a run that failed as a whole). */
    public Set<String> failedHosts() {
        Set<String> failed = hosts.stream().filter(h -> h.outcome() == HostOutcome.FAILED || h.outcome() == HostOutcome.UNREACHABLE)
                .map(DeployedHost::name).collect(Collectors.toSet());
        return failed.isEmpty() ? hostNames() : failed;
    }

    /** Whether it shares a host with {@code other}. */
    public boolean overlaps(Deployment other) {
        Set<String> mine = hostNames();
        return other.hosts.stream().anyMatch(h -> mine.contains(h.name()));
    }

    /** An apply that went to its hosts: it succeeded, failed, or was killed part way (refused and cancelled ones did not). */
    public boolean isChange() {
        return kind == Kind.APPLY && (result == Result.SUCCESS || result == Result.FAILED || result == Result.UNFINISHED);
    }

    /** A run that went wrong on its hosts: failed, or left unfinished. */
    public boolean wentWrong() {
        return result == Result.FAILED || result == Result.UNFINISHED;
    }

    /** When it ended, or for an unfinished run the last thing known: its start. */
    public Instant endOrStart() {
        return end != null ? end : start;
    }
}
