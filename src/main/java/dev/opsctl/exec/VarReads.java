package dev.opsctl.exec;

import dev.opsctl.template.Data;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A task's variables that note which of them a rendering reads: a parse made from them stays right for as long as
 * those (not all) are unchanged, so gathering facts or a set_fact of another name does not make a task parse again.
 * Renderings read variables one by one ({@code get}, {@code containsKey}); one that walks them all (a
 * {@code varnames} lookup) makes the reads unusable.
 */
final class VarReads extends AbstractMap<String, Object> {
    private static final Object ABSENT = new Object();
    private static final String HOSTVARS = "hostvars";

    private final Map<String, Object> vars;
    private final Map<String, Object> read = new HashMap<>();
    private boolean readAll;

    VarReads(Map<String, Object> vars) {
        this.vars = vars;
    }

    @Override
    public Object get(Object key) {
        note(key);
        return vars.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        note(key);
        return vars.containsKey(key);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        readAll = true;
        return vars.entrySet();
    }

    private void note(Object key) {
        // Other hosts' values change under the same hostvars object as they go on: a parse that read them is never reused.
        if (HOSTVARS.equals(key)) readAll = true;
        // Which names hold data is kept per name read (below), not as the whole set, which changes with every fact.
        if (key instanceof String k && !k.equals(Data.NAMES) && !read.containsKey(k)) read.put(k, vars.containsKey(k) ? vars.get(k) : ABSENT);
    }

    /**
     * What was read, or null when it cannot be told: every variable was read, or a stand-in for a fact not gathered
     * yet (it renders differently from the fact).
     */
    Snapshot snapshot() {
        if (readAll || read.values().stream().anyMatch(v -> v == FactStandIn.INSTANCE)) return null;
        Set<String> data = new HashSet<>(read.keySet());
        data.retainAll(Data.names(vars));
        return new Snapshot(new HashMap<>(read), data);
    }

    /**
     * The variables read and their values, compared by identity (strings, numbers and booleans by value): a task's
     * variables are built from the same objects each time, and a deep comparison would walk {@code hostvars}.
     *
     * @param data the names read whose values were data, not templates
     */
    record Snapshot(Map<String, Object> values, Set<String> data) {
        /** Whether {@code vars} give every variable read the same value (and the same data-or-template kind). */
        boolean holdsIn(Map<String, Object> vars) {
            Set<String> names = Data.names(vars);
            for (Map.Entry<String, Object> e : values.entrySet()) {
                String k = e.getKey();
                Object now = vars.containsKey(k) ? vars.get(k) : ABSENT;
                if (!same(e.getValue(), now) || names.contains(k) != data.contains(k)) return false;
            }
            return true;
        }

        private static boolean same(Object a, Object b) {
            return a == b || (scalar(a) && a.equals(b));
        }

        private static boolean scalar(Object v) {
            return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character;
        }
    }
}
