package dev.opsctl.plan;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import dev.opsctl.transport.Payload;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the plan model (docs/plan-format.md): a task as the JSON report shows it, and as a saved plan
 * keeps it, with its address and steps. Reading checks every step against its digest, so a plan file edited by hand
 * or cut short is refused rather than run.
 */
public final class PlanJson {
    private PlanJson() {}

    /** A task as the JSON report shows it. */
    public static Map<String, Object> reportTask(PlannedTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task", t.address().task());
        m.put("source", t.address().source());
        m.put("module", t.module());
        m.put("item", t.address().item());
        m.put("handler", t.address().handler());
        m.put("status", t.status());
        m.put("action", t.action().word());
        m.put("summary", t.summary());
        m.put("details", t.details());
        m.put("diff", t.diff());
        m.put("message", t.message());
        m.put("no_log", t.noLog());
        return m;
    }

    /** A task as a saved plan keeps it: the report's keys, then what apply needs to run exactly this. */
    public static Map<String, Object> savedTask(PlannedTask t) {
        Map<String, Object> m = reportTask(t);
        m.put("occurrence", t.address().occurrence());
        m.put("steps_action", t.stepsAction().word());
        m.put("quiet_run", t.quietRun());
        m.put("sensitive", t.sensitive());
        m.put("known_after_apply", t.knownAfterApply());
        m.put("after_unpredictable", t.afterUnpredictable());
        List<Object> steps = new ArrayList<>();
        for (PlannedStep s : t.steps()) steps.add(step(s));
        m.put("steps", steps);
        return m;
    }

    /** A host as a saved plan keeps it. */
    public static Map<String, Object> savedHost(HostPlan h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("status", h.status());
        m.put("error", h.error());
        m.put("facts", new java.util.TreeMap<>(h.facts()));
        List<Object> tasks = new ArrayList<>();
        for (PlannedTask t : h.tasks()) tasks.add(savedTask(t));
        m.put("tasks", tasks);
        return m;
    }

    private static Map<String, Object> step(PlannedStep s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", s.script());
        m.put("script_digest", s.scriptDigest());
        if (s.content() instanceof Payload.FileRegion f && f.offset() == 0) {
            // A large controller file is named, not copied into the plan; apply reads it again and checks its digest.
            m.put("content_file", f.path().toAbsolutePath().toString());
        } else {
            byte[] content = s.content() == null ? null : s.content().bytes();
            String text = content == null ? null : utf8(content);
            // Text stays readable in a review of the file; other bytes go as base64.
            m.put("content", text);
            m.put("content_base64", content != null && text == null ? Base64.getEncoder().encodeToString(content) : null);
        }
        m.put("content_digest", s.contentDigest());
        return m;
    }

    /** Reads a saved host; a step whose script or content does not match its digest is refused. */
    public static HostPlan readHost(Map<String, Object> h) {
        String name = string(h, "name");
        Map<String, String> facts = new LinkedHashMap<>();
        map(h, "facts").forEach((k, v) -> facts.put(k, (String) v));
        List<PlannedTask> tasks = new ArrayList<>();
        for (Object t : list(h, "tasks")) tasks.add(readTask(name, asMap(t, "tasks[]")));
        return new HostPlan(name, string(h, "status"), (String) h.get("error"), facts, tasks);
    }

    private static PlannedTask readTask(String host, Map<String, Object> t) {
        TaskAddress address = new TaskAddress(string(t, "task"), (String) t.get("source"), (String) t.get("item"),
                bool(t, "handler"), ((Number) require(t, "occurrence")).intValue());
        List<PlannedStep> steps = new ArrayList<>();
        for (Object s : list(t, "steps")) steps.add(readStep(host, address, asMap(s, "steps[]")));
        List<String> details = new ArrayList<>();
        for (Object d : list(t, "details")) details.add((String) d);
        return new PlannedTask(address, (String) t.get("module"), string(t, "status"), action(string(t, "action")), action(string(t, "steps_action")),
                (String) t.get("summary"), details, (String) t.get("diff"), (String) t.get("message"), bool(t, "no_log"),
                bool(t, "quiet_run"), bool(t, "sensitive"), bool(t, "known_after_apply"), bool(t, "after_unpredictable"), steps);
    }

    private static PlannedStep readStep(String host, TaskAddress at, Map<String, Object> s) {
        String script = (String) s.get("script");
        String text = (String) s.get("content");
        String base64 = (String) s.get("content_base64");
        String file = (String) s.get("content_file");
        byte[] bytes = text != null ? text.getBytes(StandardCharsets.UTF_8) : base64 != null ? Base64.getDecoder().decode(base64) : null;
        Payload content = bytes != null ? Payload.of(bytes) : file != null ? namedFile(host, at, file) : null;
        String scriptDigest = (String) s.get("script_digest");
        String contentDigest = (String) s.get("content_digest");
        if (script != null && (scriptDigest == null || contentDigest == null)) {
            throw new IllegalArgumentException(host + ": " + at + ": a step has no digest (the file was edited or damaged)");
        }
        if ((script == null) != (content == null)) throw new IllegalArgumentException(host + ": " + at + ": a step has a script or content, not both");
        if (script != null && !StepDigest.script(script, StepDigest::sha256).equals(scriptDigest)) {
            throw new IllegalArgumentException(host + ": " + at + ": a step's script does not match its digest (the file was edited or damaged)");
        }
        if (content != null && !content.sha256().equals(contentDigest)) {
            throw new IllegalArgumentException(host + ": " + at + ": a step's content does not match its digest ("
                    + (file != null ? file + " changed since the plan was made)" : "the file was edited or damaged)"));
        }
        return new PlannedStep(script, scriptDigest, content, contentDigest);
    }

    /** A controller file a step streams, with its digests taken now. */
    private static Payload namedFile(String host, TaskAddress at, String file) {
        try {
            return Payload.file(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(host + ": " + at + ": cannot read " + file + ", whose content a step sends: " + e.getMessage());
        }
    }

    /** The action a report word names. */
    public static Action action(String word) {
        for (Action a : Action.values()) if (a.word().equals(word)) return a;
        throw new IllegalArgumentException("unknown action '" + word + "'");
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static Object require(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) throw new IllegalArgumentException("missing \"" + key + "\"");
        return v;
    }

    private static String string(Map<String, Object> m, String key) {
        if (!(require(m, key) instanceof String s)) throw new IllegalArgumentException("\"" + key + "\" must be a string");
        return s;
    }

    private static boolean bool(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    private static List<?> list(Map<String, Object> m, String key) {
        if (!(require(m, key) instanceof List<?> l)) throw new IllegalArgumentException("\"" + key + "\" must be a list");
        return l;
    }

    private static Map<String, Object> map(Map<String, Object> m, String key) {
        return asMap(require(m, key), key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object v, String what) {
        if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("\"" + what + "\" must be an object");
        return (Map<String, Object>) m;
    }
}
