package dev.opsctl.exec;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a whole plan or apply: one result per host, in inventory order.
 *
 * @param filesRead controller files that tasks read (copy and template srcs), sorted
 */
public record RunResult(Mode mode, List<HostResult> hosts, long wallMillis, List<Path> filesRead) {
    public RunResult {
        hosts = List.copyOf(hosts);
        filesRead = List.copyOf(filesRead);
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
