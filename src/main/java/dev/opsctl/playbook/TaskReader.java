package dev.opsctl.playbook;

import static dev.opsctl.playbook.KeywordValues.str;
import static dev.opsctl.playbook.KeywordValues.stringKeys;

import dev.opsctl.diag.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads one task (not a block, import or include): its action, loop and keywords, under what it inherits. */
final class TaskReader {
    private static final Set<String> LOOP_CONTROL_KEYS = Set.of("loop_var", "label");

    private final LoadContext ctx;
    private final KeywordValues kv;

    TaskReader(LoadContext ctx, KeywordValues kv) {
        this.ctx = ctx;
        this.kv = kv;
    }

    record LoopSpec(Object items, String var, Object label) {}

    LoopSpec loop(Map<?, ?> raw, Map<String, Object> m) {
        List<String> given = m.keySet().stream().filter(k -> k.equals("loop") || k.startsWith("with_")).toList();
        if (given.size() > 1) ctx.problems.error(ctx.yaml.at(raw), "use one loop keyword, not " + String.join(" and ", given));
        String key = given.isEmpty() ? null : given.get(0);
        Object loop = key == null ? null : m.get(key);
        // Every with_X is lookup X (with_items flattens one level after rendering, so a templated list inside works).
        if (key != null && !key.equals("loop")) loop = new LoopLookup(key.substring("with_".length()), loop);
        Map<String, Object> loopControl = kv.mapping(raw, m, "loop_control");
        for (String k : loopControl.keySet()) {
            if (!LOOP_CONTROL_KEYS.contains(k)) ctx.problems.error(ctx.yaml.keyAt(raw, "loop_control"), "unsupported loop_control option '" + k + "'");
        }
        return new LoopSpec(loop, loopControl.containsKey("loop_var") ? String.valueOf(loopControl.get("loop_var")) : "item",
                loopControl.get("label"));
    }

    Task task(Map<?, ?> raw, Map<String, Object> m, Inherited inherited, boolean handler) {
        Source at = ctx.yaml.at(raw);
        if (m.containsKey("local_action")) {
            if (m.containsKey("delegate_to")) ctx.problems.error(ctx.yaml.keyAt(raw, "delegate_to"), "local_action already delegates to localhost");
            m = action(raw, m, "local_action");
            if (m == null) return null;
        } else if (m.containsKey("action")) {
            m = action(raw, m, "action");
            if (m == null) return null;
        }
        Object delegateTo = m.containsKey("delegate_to") ? m.get("delegate_to") : inherited.delegateTo();
        TaskAction action = new TaskActions(ctx.yaml, ctx.problems, ctx.modules).action(raw, m);
        if (action == null) return null;
        LoopSpec loop = loop(raw, m);
        if (m.containsKey("listen") && !handler) ctx.problems.error(ctx.yaml.keyAt(raw, "listen"), "'listen' is only for handlers");
        Map<String, Object> templated = new LinkedHashMap<>(inherited.templated());
        Boolean ignoreErrors = kv.flag(raw, m, "ignore_errors", templated);
        Boolean noLog = kv.flag(raw, m, "no_log", templated);
        Boolean become = kv.flag(raw, m, "become", templated);
        Boolean checkMode = kv.flag(raw, m, "check_mode", templated);
        Boolean runOnce = kv.flag(raw, m, "run_once", templated);
        return new Task(
                str(m.get("name")),
                action.module(),
                action.args(),
                at,
                inherited.conditionsWith(m.get("when")),
                loop.items(),
                loop.var(),
                loop.label(),
                str(m.get("register")),
                kv.stringList(raw, m, "notify"),
                inherited.tags(kv.stringList(raw, m, "tags")),
                m.get("changed_when"),
                m.get("failed_when"),
                m.containsKey("ignore_errors") ? Boolean.TRUE.equals(ignoreErrors) : Boolean.TRUE.equals(inherited.ignoreErrors()),
                m.containsKey("no_log") ? Boolean.TRUE.equals(noLog) : Boolean.TRUE.equals(inherited.noLog()),
                inherited.vars(kv.mapping(raw, m, "vars")),
                m.containsKey("become") ? become : inherited.become(),
                m.containsKey("become_user") ? str(m.get("become_user")) : inherited.becomeUser(),
                kv.stringList(raw, m, "listen"),
                new RolloutKeywords(ctx.yaml, ctx.problems).throttle(raw, m, templated),
                inherited.role(),
                inherited.environment(m.get("environment")),
                m.containsKey("check_mode") ? checkMode : inherited.checkMode(),
                delegateTo == null ? null : String.valueOf(delegateTo),
                m.containsKey("run_once") ? Boolean.TRUE.equals(runOnce) : Boolean.TRUE.equals(inherited.runOnce()),
                Map.copyOf(templated),
                action.unsupported());
    }

    /**
     * {@code action: copy src=a dest=b} (or a mapping with {@code module:}) as the module's own key; {@code local_action}
     * the same with delegate_to localhost.
     */
    private Map<String, Object> action(Map<?, ?> raw, Map<String, Object> m, String keyword) {
        Object v = m.get(keyword);
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.remove(keyword);
        if (v instanceof Map<?, ?> map && map.get("module") != null) {
            Map<String, Object> args = stringKeys(map);
            out.put(String.valueOf(args.remove("module")), args);
        } else if (v instanceof String text && !text.isBlank()) {
            String[] parts = text.strip().split("\\s+", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : null);
        } else {
            ctx.problems.error(ctx.yaml.keyAt(raw, keyword), keyword + " needs a module: '" + keyword + ": MODULE ARGS' or a mapping with 'module:'");
            return null;
        }
        if (keyword.equals("local_action")) out.put("delegate_to", "localhost");
        return out;
    }
}
