package dev.opsctl.cli;

import dev.opsctl.inventory.Host;
import dev.opsctl.shard.Shard;
import dev.opsctl.shard.ShardSelection;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code opsctl reboot --shard}: each runner reboots its shard of the hosts PATTERN selects. Its {@code --batch} can
 * only count its own hosts, so N runners would together have up to N batches down at once: that is refused unless the
 * operator says the batch is per shard ({@code --batch-per-shard}). A fleet-wide limit needs a count shared by every
 * runner (the PostgreSQL journal, docs/scale.md).
 */
final class ShardedReboot {
    private ShardedReboot() {}

    /** The hosts this runner reboots: all of {@code hosts}, or its shard of them (the shard line printed). */
    static List<Host> narrow(ShardOption option, boolean batchPerShard, List<Host> hosts, Map<String, String> env, PrintWriter out) {
        Shard shard = option.resolve(env);
        if (shard == null) {
            if (batchPerShard) throw new CliException(ExitCode.INVALID_INPUT, "--batch-per-shard goes with --shard");
            return hosts;
        }
        if (!batchPerShard) {
            throw new CliException(ExitCode.INVALID_INPUT, "--shard " + shard + ": each runner's --batch would count only its own "
                    + "hosts, so " + shard.count() + " runners could reboot " + shard.count() + " batches at once; give "
                    + "--batch-per-shard to accept that (e.g. --batch 1 --batch-per-shard: at most " + shard.count()
                    + " hosts down fleet-wide), or reboot unsharded until a fleet-wide count is shared through the journal "
                    + "(docs/scale.md); nothing was done");
        }
        ShardSelection mine = ShardSelection.of(shard, hosts.stream().map(Host::name).toList());
        out.println(mine.describe("--batch and --max-failures"));
        Set<String> names = mine.hosts();
        return hosts.stream().filter(h -> names.contains(h.name())).toList();
    }
}
