package dev.opsctl.cli;

import dev.opsctl.safety.Targets;
import dev.opsctl.saved.SavedPlan;
import dev.opsctl.shard.Shard;
import dev.opsctl.shard.ShardSelection;
import java.util.List;

/** Applying a saved shard plan: the shard worked out again from today's selection, which must be the one planned. */
final class SavedShard {
    private SavedShard() {}

    /** The saved plan's shard of today's selection, or null for a plan of every selected host. */
    static ShardSelection now(SavedPlan saved, Targets selection) {
        SavedPlan.ShardPart s = saved.shard();
        return s == null ? null : ShardSelection.of(new Shard(s.index(), s.count()), selection.hosts());
    }

    /** Why the saved shard no longer holds: the selection it was a part of changed (empty when it did not). */
    static List<String> selectionChange(SavedPlan saved, Targets selection) {
        ShardSelection now = now(saved, selection);
        if (now == null || now.selectionSha256().equals(saved.shard().selectionSha256())) return List.of();
        return List.of("the host selection changed since shard " + saved.shard() + " was planned: " + saved.shard().selectedHosts()
                + " hosts then, " + now.selected() + " now (or other names); plan every shard again");
    }
}
