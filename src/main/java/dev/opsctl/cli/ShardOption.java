package dev.opsctl.cli;

import dev.opsctl.shard.Shard;
import dev.opsctl.shard.ShardEnvironment;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --shard K/N|auto} and {@code --shard-count N}: run only this runner's part of the selected hosts (docs/scale.md). */
final class ShardOption {
    @Option(names = "--shard", paramLabel = "K/N|auto", description = {
            "Work only on shard K of N of the selected hosts (after the pattern and --limit), split by a rendezvous hash of the "
                    + "host name: N runners given 1/N .. N/N cover every host exactly once. 'auto' reads "
                    + "JOB_COMPLETION_INDEX (Kubernetes Indexed Job, 0-based; count from JOB_COMPLETIONS), NOMAD_ALLOC_INDEX "
                    + "(Nomad, 0-based) or OPSCTL_SHARD_INDEX (1-based, e.g. a CI matrix); the count from --shard-count or "
                    + "OPSCTL_SHARD_COUNT. See docs/scale.md."})
    String shard;

    @Option(names = "--shard-count", paramLabel = "N", description = "With --shard auto: how many shards there are (else from the environment).")
    Integer count;

    /** The shard asked for, or null when the run is not sharded. */
    Shard resolve(Map<String, String> env) {
        if (shard == null) {
            if (count != null) throw new CliException(ExitCode.INVALID_INPUT, "--shard-count goes with --shard auto");
            return null;
        }
        try {
            if (shard.strip().equals("auto")) return ShardEnvironment.resolve(env, count);
            if (count != null) throw new IllegalArgumentException("--shard-count goes with --shard auto, not with --shard " + shard);
            return Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "--shard: " + e.getMessage());
        }
    }

    boolean given() {
        return shard != null || count != null;
    }
}
