package dev.opsctl.template;

import dev.opsctl.python.Python;
import dev.opsctl.python.Tuple;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Jinja's {@code dictsort} and {@code items}: a mapping's pairs as tuples, the structure Jinja returns. */
final class DictFilters {
    private DictFilters() {}

    static List<AnsibleFilters.Named> all() {
        return List.of(
                new AnsibleFilters.Named("dictsort", (v, a, i) -> dictsort(mapping("dictsort", v), a.bool(0, "case_sensitive", false),
                        a.string(1, "by", "key"), a.bool(2, "reverse", false))),
                new AnsibleFilters.Named("items", (v, a, i) -> v instanceof Undefined ? new ArrayList<>() : pairs(mapping("items", v))));
    }

    private static Map<?, ?> mapping(String filter, Object v) {
        if (v instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException(filter + " requires a mapping, got " + Python.typeOf(v));
    }

    static List<Object> pairs(Map<?, ?> m) {
        List<Object> out = new ArrayList<>();
        m.forEach((k, val) -> out.add(new Tuple(k, val)));
        return out;
    }

    private static List<Object> dictsort(Map<?, ?> m, boolean caseSensitive, String by, boolean reverse) {
        int at = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new IllegalArgumentException("You can only sort by either key or value");
        };
        Comparator<Object> order = (x, y) -> compare(((Tuple) x).get(at), ((Tuple) y).get(at), caseSensitive);
        List<Object> out = pairs(m);
        out.sort(reverse ? order.reversed() : order);
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object x, Object y, boolean caseSensitive) {
        Object a = Python.unwrap(x);
        Object b = Python.unwrap(y);
        if (!caseSensitive && a instanceof CharSequence && b instanceof CharSequence) {
            return a.toString().toLowerCase().compareTo(b.toString().toLowerCase());
        }
        if (a instanceof Number n && b instanceof Number o) return Double.compare(n.doubleValue(), o.doubleValue());
        if (a instanceof Comparable c && a.getClass() == b.getClass()) return c.compareTo(b);
        throw new IllegalArgumentException("'<' not supported between instances of '" + Python.typeOf(a) + "' and '" + Python.typeOf(b) + "'");
    }
}
