package dev.opsctl.saved;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.opsctl.json.Json;
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

/** Reads and writes saved plans (docs/plan-format.md, "Saved plans"); recognises one by its first key. */
public final class SavedPlanFile {
    /** The value of the first key, {@code "format"}, that marks a saved plan whatever the file is called. */
    public static final String FORMAT = "opsctl-saved-plan";
    public static final String FORMAT_VERSION = "1.0";

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
        List<Object> hosts = new ArrayList<>();
        for (SavedPlan.HostPlan h : plan.hosts()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", h.name());
            m.put("status", h.status());
            m.put("error", h.error());
            m.put("facts_sha256", h.factsSha256());
            m.put("facts", new java.util.TreeMap<>(h.facts()));
            m.put("tasks", h.tasks());
            hosts.add(m);
        }
        root.put("hosts", hosts);
        Files.writeString(file, Json.pretty(root) + "\n");
    }

    /** Reads a saved plan; a file that is not one, or of a format version this opsctl does not read, is refused. */
    @SuppressWarnings("unchecked")
    public static SavedPlan read(Path file) throws IOException {
        Map<String, Object> root = Json.mapper().readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
        if (!FORMAT.equals(root.get("format"))) throw new IOException(file + " is not a saved opsctl plan");
        Object version = root.get("format_version");
        if (!FORMAT_VERSION.equals(version)) {
            throw new IOException(file + " has saved-plan format " + version + "; this opsctl reads " + FORMAT_VERSION);
        }
        Map<String, Object> request = (Map<String, Object>) root.get("request");
        Map<String, Object> extra = (Map<String, Object>) request.get("extra_vars");
        SavedPlan.Request r = new SavedPlan.Request((String) request.get("playbook"), (List<String>) request.get("inventories"),
                (String) request.get("limit"), (List<String>) request.get("tags"), (List<String>) request.get("skip_tags"),
                Boolean.TRUE.equals(request.get("become")), (List<String>) extra.get("names"));
        Map<String, String> inputs = (Map<String, String>) ((Map<String, Object>) root.get("inputs")).get("files");
        List<SavedPlan.HostPlan> hosts = new ArrayList<>();
        for (Map<String, Object> h : (List<Map<String, Object>>) root.get("hosts")) {
            hosts.add(new SavedPlan.HostPlan((String) h.get("name"), (String) h.get("status"), (String) h.get("error"),
                    (String) h.get("facts_sha256"), (Map<String, String>) h.get("facts"), (List<Map<String, Object>>) h.get("tasks")));
        }
        return new SavedPlan((String) root.get("opsctl_version"), (String) root.get("created_at"), r, inputs, hosts);
    }
}
