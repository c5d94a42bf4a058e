package dev.opsctl.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keywords a block, an import or a role passes down to every task under it, as Ansible's parent chain does:
 * conditions add up, tags and vars merge, and the nearest explicit become/ignore_errors/check_mode wins.
 */
record Inherited(List<Object> when, List<String> tags, Map<String, Object> vars, Boolean become, String becomeUser,
                 Boolean ignoreErrors, Boolean noLog, Object environment, Boolean checkMode, Role role) {
    static final Inherited NONE = new Inherited(List.of(), List.of(), Map.of(), null, null, null, null, null, null, null);

    /** These keywords under the inherited ones; a null argument keeps what is inherited. */
    Inherited under(Object when, List<String> tags, Map<String, Object> vars, Boolean become, String becomeUser,
                    Boolean ignoreErrors, Boolean noLog, Object environment, Boolean checkMode) {
        return new Inherited(conditions(when), tags(tags), vars(vars), become != null ? become : this.become,
                becomeUser != null ? becomeUser : this.becomeUser, ignoreErrors != null ? ignoreErrors : this.ignoreErrors,
                noLog != null ? noLog : this.noLog, environment(environment), checkMode != null ? checkMode : this.checkMode, role);
    }

    Inherited withRole(Role r) {
        return new Inherited(when, tags, vars, become, becomeUser, ignoreErrors, noLog, environment, checkMode, r);
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
        return List.copyOf(all);
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
