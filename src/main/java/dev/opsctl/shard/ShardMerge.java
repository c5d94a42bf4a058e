package dev.opsctl.shard;

import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.saved.SavedPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code opsctl show --merge}: the saved plans of every shard of one run made into ONE plan of the whole selection, or
 * refused, naming why: a file that is no shard plan, shards made from different inputs, a shard given twice, a host in
 * the wrong shard or in two, a missing shard, or hosts that are not the selection the shards were made from.
 */
public final class ShardMerge {
    /** Why shards cannot be merged; nothing is written. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /** One saved shard plan and the name it was given by (its file). */
    public record Part(String name, SavedPlan plan) {}

    private ShardMerge() {}

    /** The merged plan: every shard's hosts, sorted by name, with no shard of its own; {@code now} is its creation time. */
    public static SavedPlan merge(List<Part> parts, Instant now) {
        if (parts.isEmpty()) throw new Refused("no shard plans to merge");
        for (Part p : parts) {
            if (p.plan().shard() == null) throw new Refused(p.name() + " is not a shard plan (it was made without --shard)");
        }
        Part first = parts.get(0);
        SavedPlan.ShardPart s0 = first.plan().shard();
        Map<String, String> inputs = new TreeMap<>(first.plan().inputs());
        for (Part p : parts.subList(1, parts.size())) {
            sameRun(first, p);
            for (var e : p.plan().inputs().entrySet()) {
                String seen = inputs.putIfAbsent(e.getKey(), e.getValue());
                if (seen != null && !seen.equals(e.getValue())) {
                    throw new Refused("the shards were made from different inputs: " + e.getKey() + " differs between "
                            + holder(parts, e.getKey(), seen) + " and " + p.name());
                }
            }
        }
        Map<Integer, Part> byIndex = new TreeMap<>();
        for (Part p : parts) {
            Part before = byIndex.putIfAbsent(p.plan().shard().index(), p);
            if (before != null) {
                throw new Refused("shard " + p.plan().shard() + " is given twice: " + before.name() + " and " + p.name());
            }
        }
        Map<String, Part> owner = new LinkedHashMap<>();
        List<HostPlan> hosts = new ArrayList<>();
        for (Part p : byIndex.values()) {
            SavedPlan.ShardPart s = p.plan().shard();
            for (HostPlan h : p.plan().hosts()) {
                Part other = owner.putIfAbsent(h.name(), p);
                if (other != null) {
                    throw new Refused("host " + h.name() + " is in both " + other.name() + " (shard " + other.plan().shard() + ") and "
                            + p.name() + " (shard " + s + ")");
                }
                // The partition is recomputed, not trusted: a file edited to claim another shard is caught here.
                int should = Shard.owner(h.name(), s.count());
                if (should != s.index()) {
                    throw new Refused(p.name() + " (shard " + s + ") holds host " + h.name() + ", which belongs to shard " + should
                            + "/" + s.count());
                }
                hosts.add(h);
            }
        }
        List<String> missing = new ArrayList<>();
        for (int k = 1; k <= s0.count(); k++) if (!byIndex.containsKey(k)) missing.add(k + "/" + s0.count());
        if (!missing.isEmpty()) throw new Refused("missing shard" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                + ": the merged plan would leave out their hosts");
        if (hosts.size() != s0.selectedHosts() || !Shard.selectionSha256(owner.keySet()).equals(s0.selectionSha256())) {
            throw new Refused("the shards hold " + hosts.size() + " hosts, not the " + s0.selectedHosts()
                    + " selected hosts they were made from (a host failed to plan in one shard, or a file was edited)");
        }
        hosts.sort(Comparator.comparing(HostPlan::name));
        return new SavedPlan(first.plan().opsctlVersion(), now.toString(), first.plan().request(), inputs, new Plan(hosts), null);
    }

    /** Shards of one run: the same command line, opsctl, shard count and selection. */
    private static void sameRun(Part a, Part b) {
        SavedPlan pa = a.plan();
        SavedPlan pb = b.plan();
        List<String> differs = new ArrayList<>();
        SavedPlan.Request ra = pa.request();
        SavedPlan.Request rb = pb.request();
        if (!Objects.equals(ra.playbook(), rb.playbook())) differs.add("playbook " + ra.playbook() + " / " + rb.playbook());
        if (!ra.inventories().equals(rb.inventories())) differs.add("inventories " + ra.inventories() + " / " + rb.inventories());
        if (!Objects.equals(ra.limit(), rb.limit())) differs.add("--limit " + ra.limit() + " / " + rb.limit());
        if (!ra.tags().equals(rb.tags())) differs.add("--tags " + ra.tags() + " / " + rb.tags());
        if (!ra.skipTags().equals(rb.skipTags())) differs.add("--skip-tags " + ra.skipTags() + " / " + rb.skipTags());
        if (ra.become() != rb.become()) differs.add("--become " + ra.become() + " / " + rb.become());
        if (!new TreeSet<>(ra.extraVarNames()).equals(new TreeSet<>(rb.extraVarNames()))) {
            differs.add("-e names " + ra.extraVarNames() + " / " + rb.extraVarNames());
        }
        if (!Objects.equals(pa.opsctlVersion(), pb.opsctlVersion())) differs.add("opsctl " + pa.opsctlVersion() + " / " + pb.opsctlVersion());
        if (pa.shard().count() != pb.shard().count()) differs.add("shard count " + pa.shard().count() + " / " + pb.shard().count());
        else if (pa.shard().selectedHosts() != pb.shard().selectedHosts()
                || !pa.shard().selectionSha256().equals(pb.shard().selectionSha256())) {
            differs.add("host selection (" + pa.shard().selectedHosts() + " / " + pb.shard().selectedHosts() + " hosts, different names)");
        }
        if (!differs.isEmpty()) {
            throw new Refused("the shards were made from different inputs: " + a.name() + " and " + b.name() + " differ in "
                    + String.join("; ", differs));
        }
    }

    private static String holder(List<Part> parts, String input, String digest) {
        return parts.stream().filter(p -> digest.equals(p.plan().inputs().get(input))).map(Part::name).findFirst().orElse("another shard");
    }
}
