package dev.opsctl.playbook;

import static dev.opsctl.playbook.KeywordValues.str;
import static dev.opsctl.playbook.KeywordValues.stringKeys;
import static dev.opsctl.playbook.KeywordValues.whenList;

import dev.opsctl.diag.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of keywords in a YAML mapping of the file being read, typed and checked: a problem is collected with
 * the keyword's position and a fallback is returned, so reading goes on.
 */
final class KeywordValues {
    private final LoadContext ctx;

    KeywordValues(LoadContext ctx) {
        this.ctx = ctx;
    }

    /**
     * The arguments of an import, include or role action: a mapping, {@code k=v} words, or a plain value that
     * stands for {@code plainKey} ({@code import_tasks: setup.yml}, {@code import_role: name=web}).
     */
    Map<String, Object> keyValueArgs(Map<?, ?> raw, Map<String, Object> m, String kind, String plainKey) {
        Object v = m.get(kind);
        if (v instanceof Map<?, ?> map) return stringKeys(map);
        if (v == null) return Map.of();
        String text = String.valueOf(v);
        if (!text.contains("=") || text.contains("{{")) return Map.of(plainKey, text);
        try {
            return KeyValues.parse(text, false, Set.of());
        } catch (IllegalArgumentException e) {
            ctx.problems.error(ctx.yaml.keyAt(raw, kind), kind + ": " + e.getMessage());
            return null;
        }
    }

    void checkKeywords(Map<?, ?> raw, Map<String, Object> m, String kind, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (k.equals(kind) || allowed.contains(k) || (allowed.contains("loop") && k.startsWith("with_"))) continue;
            ctx.problems.error(ctx.yaml.keyAt(raw, k), "unsupported keyword '" + k + "' on " + kind + Suggest.didYouMean(k, allowed));
        }
    }

    static List<Object> whenList(Object when) {
        if (when == null) return List.of();
        return when instanceof List<?> l ? new ArrayList<>(l) : List.of(when);
    }

    /**
     * A boolean keyword, or null when the mapping does not set it or sets it to a template: a template
     * ({@code "{{ ansible_check_mode }}"}) goes to {@code templated}, rendered on each host as Ansible does.
     */
    Boolean flag(Map<?, ?> raw, Map<String, Object> m, String key, Map<String, Object> templated) {
        if (!m.containsKey(key)) return null;
        if (m.get(key) instanceof String s && (s.contains("{{") || s.contains("{%"))) {
            templated.put(key, s);
            return null;
        }
        templated.remove(key);
        return bool(raw, m, key, false);
    }

    Map<String, Object> mapping(Map<?, ?> raw, Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> map) return stringKeys(map);
        ctx.problems.error(ctx.yaml.keyAt(raw, key), "'" + key + "' must be a mapping");
        return Map.of();
    }

    List<String> stringList(Map<?, ?> raw, Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        if (v instanceof String s) {
            return key.equals("tags") || key.equals("gather_subset") ? List.of(s.split("\\s*,\\s*")) : List.of(s);
        }
        ctx.problems.error(ctx.yaml.keyAt(raw, key), "'" + key + "' must be a string or a list");
        return List.of();
    }

    boolean bool(Map<?, ?> raw, Map<String, Object> m, String key, boolean fallback) {
        Object v = m.get(key);
        if (v == null) return fallback;
        Boolean b = dev.opsctl.module.Args.toBool(v);
        if (b == null) {
            ctx.problems.error(ctx.yaml.keyAt(raw, key), "'" + key + "' must be a boolean, not '" + v + "'");
            return fallback;
        }
        return b;
    }

    static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }
}
