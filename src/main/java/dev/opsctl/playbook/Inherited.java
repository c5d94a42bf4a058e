package dev.opsctl.playbook;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keywords a block, an import or a role passes down to every task under it, as Ansible's parent chain does:
 * conditions add up, tags and vars merge, and the nearest explicit become/ignore_errors/check_mode... wins.
 * Null means "not set here".
 */
record Inherited(List<Object> when, List<String> tags, Map<String, Object> vars, Boolean become, String becomeUser,
                 Boolean ignoreErrors, Boolean noLog, Object environment, Boolean checkMode, String delegateTo,
                 Boolean runOnce, Role role, Map<String, Object> templated) {
    static final Inherited NONE = new Inherited(List.of(), List.of(), Map.of(), null, null, null, null, null, null, null, null, null,
            Map.of());

    /** {@code inner}'s keywords (those it sets) under these; the role stays this one's. */
    Inherited under(Inherited inner) {
        return new Inherited(conditions(inner.when), tags(inner.tags), vars(inner.vars), or(inner.become, become),
                or(inner.becomeUser, becomeUser), or(inner.ignoreErrors, ignoreErrors), or(inner.noLog, noLog),
                environment(inner.environment), or(inner.checkMode, checkMode), or(inner.delegateTo, delegateTo),
                or(inner.runOnce, runOnce), role, templated(inner));
    }

    /** Templated keywords: the nearest setting wins, whether a template or a plain value. */
    private Map<String, Object> templated(Inherited inner) {
        if (templated.isEmpty() && inner.templated.isEmpty()) return Map.of();
        Map<String, Object> all = new LinkedHashMap<>(templated);
        Map<String, Object> literal = new java.util.HashMap<>();
        literal.put("become", inner.become);
        literal.put("ignore_errors", inner.ignoreErrors);
        literal.put("no_log", inner.noLog);
        literal.put("check_mode", inner.checkMode);
        literal.put("run_once", inner.runOnce);
        literal.forEach((k, v) -> {
            if (v != null) all.remove(k);
        });
        all.putAll(inner.templated);
        return Map.copyOf(all);
    }

    Inherited withRole(Role r) {
        return new Inherited(when, tags, vars, become, becomeUser, ignoreErrors, noLog, environment, checkMode, delegateTo, runOnce, r, templated);
    }

    /** The same, with {@code v} as its vars (an import_role's vars go to the role, not to its tasks). */
    Inherited withVars(Map<String, Object> v) {
        return new Inherited(when, tags, v, become, becomeUser, ignoreErrors, noLog, environment, checkMode, delegateTo, runOnce, role, templated);
    }

    private static <T> T or(T inner, T outer) {
        return inner != null ? inner : outer;
    }

    /** The inherited conditions followed by {@code own}: all must hold. Null when there are none. */
    Object conditionsWith(Object own) {
        List<Object> all = conditions(own);
        if (all.isEmpty()) return null;
        return all.size() == 1 ? all.get(0) : all;
    }

    List<Object> conditions(Object own) {
        if (own == null) return when;
        List<Object> all = new ArrayList<>(when);
        if (own instanceof List<?> l) all.addAll(l);
        else all.add(own);
        return Collections.unmodifiableList(all);
    }

    List<String> tags(List<String> own) {
        if (own == null || own.isEmpty()) return tags;
        List<String> all = new ArrayList<>(own);
        for (String t : tags) if (!all.contains(t)) all.add(t);
        return List.copyOf(all);
    }

    Map<String, Object> vars(Map<String, Object> own) {
        if (own == null || own.isEmpty()) return vars;
        if (vars.isEmpty()) return own;
        Map<String, Object> all = new LinkedHashMap<>(vars);
        all.putAll(own);
        return all;
    }

    /** Mappings merge, the inner value winning per variable; a templated environment replaces the outer one. */
    Object environment(Object own) {
        if (own == null) return environment;
        if (environment instanceof Map<?, ?> outer && own instanceof Map<?, ?> inner) {
            Map<Object, Object> all = new LinkedHashMap<>(outer);
            all.putAll(inner);
            return all;
        }
        return own;
    }
}
