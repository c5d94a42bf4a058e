package dev.opsctl.plan;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of a whole plan or apply: one result per host, in inventory order.
 *
 * @param filesRead controller files that tasks read (copy and template srcs), sorted
 * @param halt      why the run stopped before later batches, or null when every host had its turn
 * @param playbookDir the playbook's directory, against which task sources are recorded ({@link TaskSource}); null
 *                    when the sources are kept as they are
 */
public record RunResult(Mode mode, List<HostResult> hosts, long wallMillis, List<Path> filesRead, Halt halt, Path playbookDir) {
    public RunResult {
        hosts = List.copyOf(hosts);
        filesRead = List.copyOf(filesRead);
    }

    public RunResult(Mode mode, List<HostResult> hosts, long wallMillis, List<Path> filesRead) {
        this(mode, hosts, wallMillis, filesRead, null, null);
    }

    public RunResult(Mode mode, List<HostResult> hosts, long wallMillis, List<Path> filesRead, Halt halt) {
        this(mode, hosts, wallMillis, filesRead, halt, null);
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
