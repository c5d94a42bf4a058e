package dev.opsctl.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.saved.SavedPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardMergeTest {
    private static final List<String> SELECTION = List.of("h01", "h02", "h03", "h04", "h05", "h06", "h07", "h08");
    private static final SavedPlan.Request REQUEST = SavedPlan.Request.of("site.yml", List.of("inv.ini"), null, List.of(), List.of(), false, Map.of());
    private static final Map<String, String> INPUTS = Map.of("site.yml", "aa", "inv.ini", "bb");

    private static SavedPlan shard(int k, int n, List<String> selection, SavedPlan.Request request, Map<String, String> inputs, String version) {
        ShardSelection s = ShardSelection.of(new Shard(k, n), selection);
        List<HostPlan> hosts = new ArrayList<>();
        for (String h : s.hosts()) hosts.add(new HostPlan(h, "ok", null, Map.of(), List.of()));
        return new SavedPlan(version, "2026-12-07T00:00:00Z", request, inputs, new Plan(hosts),
                new SavedPlan.ShardPart(k, n, s.selected(), s.selectionSha256()));
    }

    private static ShardMerge.Part part(int k) {
        return new ShardMerge.Part("shard-" + k + ".json", shard(k, 4, SELECTION, REQUEST, INPUTS, "1.0"));
    }

    private static List<ShardMerge.Part> all() {
        return new ArrayList<>(List.of(part(1), part(2), part(3), part(4)));
    }

    @Test
    void mergesEveryShardIntoOnePlanOfTheSelection() {
        SavedPlan merged = ShardMerge.merge(all(), Instant.parse("2026-12-07T01:00:00Z"));
        assertThat(merged.hosts()).extracting(HostPlan::name).containsExactlyElementsOf(SELECTION);
        assertThat(merged.shard()).isNull();
        assertThat(merged.request()).isEqualTo(REQUEST);
        assertThat(merged.inputs()).isEqualTo(INPUTS);
    }

    @Test
    void refusesAMissingShard() {
        List<ShardMerge.Part> parts = all();
        parts.remove(2);
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessageStartingWith("missing shard 3/4");
    }

    @Test
    void refusesAShardGivenTwice() {
        List<ShardMerge.Part> parts = all();
        parts.add(new ShardMerge.Part("copy.json", part(2).plan()));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessage("shard 2/4 is given twice: shard-2.json and copy.json");
    }

    @Test
    void refusesShardsOfDifferentInputs() {
        List<ShardMerge.Part> parts = all();
        parts.set(1, new ShardMerge.Part("shard-2.json", shard(2, 4, SELECTION, REQUEST, Map.of("site.yml", "XX", "inv.ini", "bb"), "1.0")));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now()))
                .hasMessage("the shards were made from different inputs: site.yml differs between shard-1.json and shard-2.json");
        SavedPlan.Request limited = SavedPlan.Request.of("site.yml", List.of("inv.ini"), "web", List.of(), List.of(), false, Map.of());
        parts.set(1, new ShardMerge.Part("shard-2.json", shard(2, 4, SELECTION, limited, INPUTS, "1.0")));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessageContaining("differ in --limit null / web");
        parts.set(1, new ShardMerge.Part("shard-2.json", shard(2, 4, SELECTION, REQUEST, INPUTS, "1.1")));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessageContaining("differ in opsctl 1.0 / 1.1");
        parts.set(1, new ShardMerge.Part("shard-2.json", shard(2, 3, SELECTION, REQUEST, INPUTS, "1.0")));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessageContaining("differ in shard count 4 / 3");
        List<String> grown = new ArrayList<>(SELECTION);
        grown.add("h09");
        parts.set(1, new ShardMerge.Part("shard-2.json", shard(2, 4, grown, REQUEST, INPUTS, "1.0")));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessageContaining("differ in host selection (8 / 9 hosts");
    }

    @Test
    void refusesOverlappingOrMisplacedHosts() {
        List<ShardMerge.Part> parts = all();
        SavedPlan one = part(1).plan();
        // h06 is shard 1's; a shard-2 file that also holds it overlaps.
        List<HostPlan> two = new ArrayList<>(part(2).plan().hosts());
        two.add(one.hosts().get(0));
        parts.set(1, new ShardMerge.Part("shard-2.json", withHosts(part(2).plan(), two)));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now()))
                .hasMessage("host h06 is in both shard-1.json (shard 1/4) and shard-2.json (shard 2/4)");
        // Without shard 1 in the set, the same host is caught as not belonging to shard 2.
        parts.remove(0);
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now()))
                .hasMessage("shard-2.json (shard 2/4) holds host h06, which belongs to shard 1/4");
    }

    @Test
    void refusesShardsThatDoNotHoldTheWholeSelection() {
        List<ShardMerge.Part> parts = all();
        SavedPlan three = part(3).plan();
        parts.set(2, new ShardMerge.Part("shard-3.json", withHosts(three, three.hosts().subList(1, three.hosts().size()))));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now()))
                .hasMessageStartingWith("the shards hold 7 hosts, not the 8 selected hosts they were made from");
    }

    @Test
    void refusesAPlanMadeWithoutShard() {
        List<ShardMerge.Part> parts = all();
        SavedPlan p = part(1).plan();
        parts.set(0, new ShardMerge.Part("whole.json", new SavedPlan(p.opsctlVersion(), p.createdAt(), p.request(), p.inputs(), p.plan())));
        assertThatThrownBy(() -> ShardMerge.merge(parts, Instant.now())).hasMessage("whole.json is not a shard plan (it was made without --shard)");
    }

    private static SavedPlan withHosts(SavedPlan p, List<HostPlan> hosts) {
        return new SavedPlan(p.opsctlVersion(), p.createdAt(), p.request(), p.inputs(), new Plan(hosts), p.shard());
    }
}
