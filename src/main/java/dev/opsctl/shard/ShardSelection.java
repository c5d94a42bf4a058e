package dev.opsctl.shard;

import java.util.Collection;
import java.util.Set;

/**
 * One shard's part of a run's selection (the hosts after the play patterns and --limit).
 *
 * @param hosts           the hosts of this shard, in selection order
 * @param selected        how many hosts the whole selection has
 * @param selectionSha256 {@link Shard#selectionSha256} of the whole selection
 */
public record ShardSelection(Shard shard, Set<String> hosts, int selected, String selectionSha256) {
    public ShardSelection {
        hosts = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(hosts));
    }

    public static ShardSelection of(Shard shard, Collection<String> selection) {
        return new ShardSelection(shard, shard.of(selection), selection.size(), Shard.selectionSha256(selection));
    }

    /** The line a sharded plan starts with and its recap ends with; {@code counted} names what counts per shard. */
    public String describe(String counted) {
        return "Shard " + shard + ": " + hosts.size() + " of " + selected + " selected hosts (rendezvous hash of the host name); "
                + counted + " count within this shard.";
    }
}
