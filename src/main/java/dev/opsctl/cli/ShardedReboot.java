package dev.opsctl.cli;

import dev.opsctl.inventory.Host;
import dev.opsctl.journal.RunJournal;
import dev.opsctl.rolling.BatchSize;
import dev.opsctl.shard.Shard;
import dev.opsctl.shard.ShardSelection;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code opsctl reboot --shard}: each runner reboots its shard of the hosts PATTERN selects. Its {@code --batch} is
 * fleet-wide: the runners share a count of hosts down through the PostgreSQL journal (docs/journal.md), so together
 * they never have more than the batch down. Without a PostgreSQL journal that count cannot be shared, and a sharded
 * reboot is refused unless the operator says the batch is per shard ({@code --batch-per-shard}).
 */
final class ShardedReboot {
    private ShardedReboot() {}

    /**
     * This runner's part of a reboot.
     *
     * @param hosts          the hosts this runner reboots
     * @param fleetWideBatch how many hosts may be down at once across every runner, or 0 when only this runner counts
     */
    record Part(List<Host> hosts, int fleetWideBatch) {}

    /** The hosts this runner reboots: all of {@code hosts}, or its shard of them (the shard line printed). */
    static Part narrow(ShardOption option, boolean batchPerShard, BatchSize batch, List<Host> hosts, Map<String, String> env, PrintWriter out) {
        Shard shard = option.resolve(env);
        if (shard == null) {
            if (batchPerShard) throw new CliException(ExitCode.INVALID_INPUT, "--batch-per-shard goes with --shard");
            return new Part(hosts, 0);
        }
        if (!batchPerShard && !RunJournal.configuredShared()) {
            throw new CliException(ExitCode.INVALID_INPUT, "--shard " + shard + ": a fleet-wide --batch needs a count every runner shares, "
                    + "and the run journal is not PostgreSQL (OPSCTL_JOURNAL=postgresql://..., docs/journal.md); give "
                    + "--batch-per-shard to let each runner count only its own hosts (e.g. --batch 1 --batch-per-shard: at most "
                    + shard.count() + " hosts down fleet-wide); nothing was done");
        }
        ShardSelection mine = ShardSelection.of(shard, hosts.stream().map(Host::name).toList());
        Set<String> names = mine.hosts();
        List<Host> part = hosts.stream().filter(h -> names.contains(h.name())).toList();
        if (batchPerShard) {
            out.println(mine.describe("--batch and --max-failures"));
            return new Part(part, 0);
        }
        // A percentage is of every host PATTERN selects: each runner computes the same number.
        int fleetWide = Math.max(1, batch.hostsOf(hosts.size()));
        out.println(mine.describe("--max-failures") + " At most " + fleetWide + (fleetWide == 1 ? " host" : " hosts")
                + " down at once across all shards (--batch " + batch + ", shared through the journal).");
        return new Part(part, fleetWide);
    }
}
