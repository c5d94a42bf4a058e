package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import dev.opsctl.python.Python;
import dev.opsctl.python.Tuple;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Filters on mappings: Jinja's {@code dictsort} and {@code items} (a mapping's pairs as tuples, the structure Jinja
 * returns), {@code dict}, and Ansible's {@code dict2items}, {@code items2dict} and {@code combine}.
 */
final class DictFilters {
    private DictFilters() {}

    static List<AnsibleFilters.Named> all() {
        List<AnsibleFilters.Named> f = new ArrayList<>();
        f.add(new AnsibleFilters.Named("dictsort", (v, a, i) -> dictsort(mapping("dictsort", v), a.bool(0, "case_sensitive", false),
                a.string(1, "by", "key"), a.bool(2, "reverse", false))));
        f.add(new AnsibleFilters.Named("items", (v, a, i) -> v instanceof Undefined ? new ArrayList<>() : pairs(mapping("items", v))));
        f.add(new AnsibleFilters.Named("dict2items", (v, a, i) -> {
            if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("dict2items requires a dictionary, got " + Python.typeOf(v));
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            List<Object> out = new ArrayList<>();
            m.forEach((key, value) -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put(k, key);
                item.put(val, value);
                out.add(item);
            });
            return out;
        }));
        f.add(new AnsibleFilters.Named("items2dict", (v, a, i) -> {
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object o : AnsibleFilters.iterable(v)) {
                if (!(Python.unwrap(o) instanceof Map<?, ?> item) || !item.containsKey(k) || !item.containsKey(val)) {
                    throw new IllegalArgumentException("items2dict requires a list of dictionaries with '" + k + "' and '" + val + "' keys");
                }
                out.put(item.get(k), item.get(val));
            }
            return out;
        }));
        f.add(new AnsibleFilters.Named("combine", DictFilters::combine));
        f.add(new AnsibleFilters.Named("dict", (v, a, i) -> {
            if (v instanceof Map<?, ?> m) return new LinkedHashMap<Object, Object>(m);
            Map<Object, Object> out = new LinkedHashMap<>();
            if (v == null) {
                out.putAll(a.named());
                return out;
            }
            for (Object pair : AnsibleFilters.iterable(v)) {
                List<Object> kv = AnsibleFilters.iterable(pair);
                if (kv.size() != 2) throw new IllegalArgumentException("dict needs pairs, got " + Python.repr(pair));
                out.put(kv.get(0), kv.get(1));
            }
            return out;
        }));
        return f;
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

    private static Object combine(Object v, AnsibleFilters.Args a, JinjavaInterpreter i) {
        boolean recursive = Python.pyTruthy(a.named().get("recursive"));
        String listMerge = a.named().containsKey("list_merge") ? Python.str(a.named().get("list_merge")) : "replace";
        List<Object> dicts = new ArrayList<>();
        if (v instanceof List<?> l) dicts.addAll(l);
        else dicts.add(v);
        for (Object o : a.positional()) {
            if (Python.unwrap(o) instanceof List<?> l) dicts.addAll(l);
            else dicts.add(o);
        }
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Object d : dicts) {
            if (!(Python.unwrap(d) instanceof Map<?, ?> m)) throw new IllegalArgumentException("combine expects dictionaries, got " + Python.typeOf(Python.unwrap(d)));
            merge(out, m, recursive, listMerge);
        }
        return out;
    }

    private static void merge(Map<Object, Object> into, Map<?, ?> from, boolean recursive, String listMerge) {
        for (Map.Entry<?, ?> e : from.entrySet()) {
            Object old = Python.unwrap(into.get(e.getKey()));
            Object val = Python.unwrap(e.getValue());
            if (recursive && old instanceof Map<?, ?> om && val instanceof Map<?, ?> vm) {
                Map<Object, Object> merged = new LinkedHashMap<>(om);
                merge(merged, vm, true, listMerge);
                into.put(e.getKey(), merged);
            } else if (old instanceof List<?> ol && val instanceof List<?> vl && !listMerge.equals("replace")) {
                List<Object> merged = new ArrayList<>();
                switch (listMerge) {
                    case "keep" -> merged.addAll(ol);
                    case "append" -> { merged.addAll(ol); merged.addAll(vl); }
                    case "prepend" -> { merged.addAll(vl); merged.addAll(ol); }
                    case "append_rp" -> { ol.stream().filter(x -> !vl.contains(x)).forEach(merged::add); merged.addAll(vl); }
                    case "prepend_rp" -> { merged.addAll(vl); ol.stream().filter(x -> !vl.contains(x)).forEach(merged::add); }
                    default -> throw new IllegalArgumentException("unknown list_merge '" + listMerge + "'");
                }
                into.put(e.getKey(), merged);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }
}
