package dev.opsctl.template;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values that are data, never templates: whatever came back from a host (registered results, gathered facts, stat
 * results, file contents) and whatever a rendering produced (set_fact values, loop items). Only trusted strings, from
 * playbooks, roles, vars files, inventory and {@code -e}, are ever rendered; a host that prints
 * {@code {{ lookup('file', '/root/.ssh/id_ed25519') }}} is stored and written as that text. This is the rule Ansible
 * 2.19 made with "data tagging" (and older versions approximated with "unsafe" values).
 *
 * <p>Maps and lists carry the mark in their type ({@link #of}); a string cannot, so a variables map lists the names of
 * its top-level variables that hold data under the reserved key {@link #NAMES} ({@link #markNames}).
 */
public final class Data {
    /** The reserved variable holding the set of top-level variable names whose values are data. */
    public static final String NAMES = "__opsctl_data_names";

    private Data() {}

    /** {@code value} marked as data, deeply: maps and lists become their data kinds; scalars stay as they are. */
    public static Object of(Object value) {
        if (value instanceof DataMap || value instanceof DataList || value instanceof PartlyKnown) return value;
        if (value instanceof Map<?, ?> m) {
            DataMap out = new DataMap();
            m.forEach((k, v) -> out.put(k, of(v)));
            return out;
        }
        if (value instanceof List<?> l) {
            DataList out = new DataList();
            for (Object o : l) out.add(of(o));
            return out;
        }
        return value;
    }

    /** Whether {@code value} is a map or list marked as data. */
    public static boolean is(Object value) {
        return value instanceof DataMap || value instanceof DataList || value instanceof PartlyKnown;
    }

    /** Adds {@code names} to the data names {@code vars} already lists (a copy: maps share no set). */
    public static void markNames(Map<String, Object> vars, Collection<String> names) {
        if (names.isEmpty()) return;
        Set<String> all = new LinkedHashSet<>(names(vars));
        all.addAll(names);
        vars.put(NAMES, Set.copyOf(all));
    }

    /** The top-level names {@code vars} lists as holding data. */
    @SuppressWarnings("unchecked")
    public static Set<String> names(Map<String, Object> vars) {
        return vars.get(NAMES) instanceof Set<?> s ? (Set<String>) s : Set.of();
    }

    /**
     * {@code trusted}'s entries under {@code data}'s: rendering renders only the trusted ones. Another host's
     * {@code hostvars} entry is such a map: inventory variables (templates) with facts, set_fact and register values
     * (data) over them.
     */
    public static Map<String, Object> over(Map<String, Object> trusted, Map<String, Object> data) {
        PartlyData out = new PartlyData(data.keySet());
        out.putAll(trusted);
        out.putAll(data);
        return out;
    }

    /** The names of {@code map}'s entries that are data, when it is a map of {@link #over}. */
    public static Set<String> dataEntries(Map<?, ?> map) {
        return map instanceof PartlyData p ? p.dataNames : Set.of();
    }

    /** A map some of whose entries are data (named), the others trusted. */
    static final class PartlyData extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
        private final Set<String> dataNames;

        PartlyData(Collection<String> dataNames) {
            this.dataNames = Set.copyOf(dataNames);
        }
    }

    /** A map of data: rendering returns it as it is. */
    static final class DataMap extends LinkedHashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
    }

    /** A list of data: rendering returns it as it is. */
    static final class DataList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }
}
