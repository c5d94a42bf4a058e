package dev.opsctl.exec;

import java.util.List;

/** The outcome of a whole plan or apply: one result per host, in inventory order. */
public record RunResult(Mode mode, List<HostResult> hosts, long wallMillis) {
    public RunResult {
        hosts = List.copyOf(hosts);
    }

    public boolean anyFailed() {
        return hosts.stream().anyMatch(h -> h.state() == HostResult.State.FAILED);
    }

    public boolean anyUnreachable() {
        return hosts.stream().anyMatch(h -> h.state() == HostResult.State.UNREACHABLE);
    }

    public boolean hasChanges() {
        return hosts.stream().anyMatch(HostResult::hasChanges);
    }
}
