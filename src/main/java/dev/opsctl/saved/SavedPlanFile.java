package dev.opsctl.saved;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.json.Json;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.plan.PlanJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and writes saved plans (docs/plan-format.md, "Saved plans"); recognises one by its first key. The file holds
 * the steps apply will run, and a digest over its hosts, so a file edited by hand or damaged is refused, not run.
 */
public final class SavedPlanFile {
    /** The value of the first key, {@code "format"}, that marks a saved plan whatever the file is called. */
    public static final String FORMAT = "opsctl-saved-plan";
    /** 2.0: each task carries its address and steps, which apply runs (1.0 held only what the report shows). */
    public static final String FORMAT_VERSION = "2.0";

    private static final Pattern MARKER = Pattern.compile("\\A\\s*\\{\\s*\"format\"\\s*:\\s*\"" + FORMAT + "\"");

    private SavedPlanFile() {}

    /** Whether {@code file} is a saved plan: a JSON object whose first key is {@code "format": "opsctl-saved-plan"}. */
    public static boolean isSavedPlan(Path file) {
        if (file == null || !Files.isRegularFile(file)) return false;
        try (InputStream in = Files.newInputStream(file)) {
            return MARKER.matcher(new String(in.readNBytes(256), StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    public static void write(SavedPlan plan, Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("format_version", FORMAT_VERSION);
        root.put("opsctl_version", plan.opsctlVersion());
        root.put("created_at", plan.createdAt());
        SavedPlan.Request r = plan.request();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("playbook", r.playbook());
        request.put("inventories", r.inventories());
        request.put("limit", r.limit());
        request.put("tags", r.tags());
        request.put("skip_tags", r.skipTags());
        request.put("become", r.become());
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("names", r.extraVarNames());
        request.put("extra_vars", extra);
        root.put("request", request);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("sha256", SavedPlan.inputsSha256(plan.inputs()));
        inputs.put("files", new java.util.TreeMap<>(plan.inputs()));
        root.put("inputs", inputs);
        if (plan.shard() != null) root.put("shard", shardTree(plan.shard()));
        List<Object> hosts = new ArrayList<>();
        for (HostPlan h : plan.hosts()) {
            Map<String, Object> m = PlanJson.savedHost(h);
            Map<String, Object> withFingerprint = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                if (k.equals("facts")) withFingerprint.put("facts_sha256", SavedPlan.factsSha256(h.facts()));
                withFingerprint.put(k, v);
            });
            hosts.add(withFingerprint);
        }
        root.put("hosts_sha256", hostsSha256(Json.mapper().convertValue(hosts, Object.class)));
        root.put("hosts", hosts);
        String text = Json.pretty(root) + "\n";
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            Files.writeString(file, text); // a pipe or device (-o /dev/stdout): nothing to rename onto
            return;
        }
        // Written whole beside the target and renamed: a plan file is never seen half-written.
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a saved plan; a file that is not one, of a format version this opsctl does not read, or whose hosts or
     * steps do not match their digests, is refused.
     */
    @SuppressWarnings("unchecked")
    public static SavedPlan read(Path file) throws IOException {
        Map<String, Object> root = Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        if (!FORMAT.equals(root.get("format"))) throw new IOException(file + " is not a saved opsctl plan");
        Object version = root.get("format_version");
        if (version instanceof String v && v.startsWith("1.")) {
            throw new IOException(file + " has saved-plan format " + v + " (an older opsctl), which holds no steps to apply; "
                    + "make the plan again");
        }
        if (!FORMAT_VERSION.equals(version)) {
            throw new IOException(file + " has saved-plan format " + version + "; this opsctl reads " + FORMAT_VERSION);
        }
        Map<String, Object> request = (Map<String, Object>) root.get("request");
        Map<String, Object> extra = (Map<String, Object>) request.get("extra_vars");
        SavedPlan.Request r = new SavedPlan.Request((String) request.get("playbook"), (List<String>) request.get("inventories"),
                (String) request.get("limit"), (List<String>) request.get("tags"), (List<String>) request.get("skip_tags"),
                Boolean.TRUE.equals(request.get("become")), (List<String>) extra.get("names"));
        Map<String, String> inputs = (Map<String, String>) ((Map<String, Object>) root.get("inputs")).get("files");
        Object hostsTree = root.get("hosts");
        if (!(hostsTree instanceof List<?> hostList)) throw new IOException(file + " has no hosts");
        List<HostPlan> hosts = new ArrayList<>();
        for (Object h : hostList) {
            if (!(h instanceof Map<?, ?> m)) throw new IOException("a host is not an object");
            hosts.add(PlanJson.readHost((Map<String, Object>) m));
        }
        // Each step matched its own digest; this one covers everything else a reviewer read (summaries, diffs).
        if (!hostsSha256(hostsTree).equals(root.get("hosts_sha256"))) {
            throw new IOException("its hosts do not match hosts_sha256 (the file was edited or damaged)");
        }
        return new SavedPlan((String) root.get("opsctl_version"), (String) root.get("created_at"), r, inputs, new Plan(hosts),
                readShard(root.get("shard")));
    }

    /** The optional {@code shard} object (format 2.0 readers that predate it ignore it). */
    private static Map<String, Object> shardTree(SavedPlan.ShardPart s) {
        Map<String, Object> shard = new LinkedHashMap<>();
        shard.put("index", s.index());
        shard.put("count", s.count());
        shard.put("selected_hosts", s.selectedHosts());
        shard.put("selection_sha256", s.selectionSha256());
        return shard;
    }

    private static SavedPlan.ShardPart readShard(Object tree) throws IOException {
        if (tree == null) return null;
        if (!(tree instanceof Map<?, ?> m) || !(m.get("index") instanceof Integer k) || !(m.get("count") instanceof Integer n)
                || !(m.get("selected_hosts") instanceof Integer selected) || !(m.get("selection_sha256") instanceof String sha)) {
            throw new IOException("its shard is not an object with index, count, selected_hosts and selection_sha256");
        }
        return new SavedPlan.ShardPart(k, n, selected, sha);
    }

    /** SHA-256 over the canonical JSON (keys sorted) of the hosts part, as written and as read back. */
    private static String hostsSha256(Object hosts) {
        return FactDigest.sha256(FactDigest.canonicalJson(hosts));
    }
}
