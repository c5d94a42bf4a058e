package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Jinja's and Ansible's filters on sequences: length, order, selection, mapping, flattening, zipping. */
final class ListFilters {
    private ListFilters() {}

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.add(new AnsibleFilters.Named("join", (v, a, i) -> {
            String sep = a.string(0, "d", "");
            String attribute = a.string(1, "attribute", null);
            List<String> parts = new ArrayList<>();
            for (Object o : AnsibleFilters.iterable(v)) parts.add(Python.str(attribute == null ? o : AnsibleFilters.attribute(o, attribute)));
            return String.join(sep, parts);
        }));
        AnsibleFilters.Body length = (v, a, i) -> v instanceof CharSequence s ? s.length() : v instanceof Map<?, ?> m ? m.size() : AnsibleFilters.iterable(v).size();
        f.add(new AnsibleFilters.Named("length", length));
        f.add(new AnsibleFilters.Named("count", length));
        f.add(new AnsibleFilters.Named("first", (v, a, i) -> {
            List<Object> l = AnsibleFilters.iterable(v);
            return l.isEmpty() ? null : l.get(0);
        }));
        f.add(new AnsibleFilters.Named("last", (v, a, i) -> {
            List<Object> l = AnsibleFilters.iterable(v);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }));
        f.add(new AnsibleFilters.Named("unique", (v, a, i) -> new ArrayList<>(new LinkedHashSet<>(AnsibleFilters.iterable(v)))));
        f.add(new AnsibleFilters.Named("sort", (v, a, i) -> {
            List<Object> l = new ArrayList<>(AnsibleFilters.iterable(v));
            l.sort(comparator(a.bool(1, "case_sensitive", false), a.string(2, "attribute", null)));
            if (a.bool(0, "reverse", false)) java.util.Collections.reverse(l);
            return l;
        }));
        f.add(new AnsibleFilters.Named("min", (v, a, i) -> extreme(v, a, false)));
        f.add(new AnsibleFilters.Named("max", (v, a, i) -> extreme(v, a, true)));
        f.add(new AnsibleFilters.Named("flatten", (v, a, i) -> {
            Object levels = a.get(0, "levels", null);
            List<Object> out = new ArrayList<>();
            flatten(AnsibleFilters.iterable(v), levels == null ? Integer.MAX_VALUE : ((Number) levels).intValue(), a.bool(1, "skip_nulls", true), out);
            return out;
        }));
        f.add(new AnsibleFilters.Named("zip", (v, a, i) -> zip(v, a, false)));
        f.add(new AnsibleFilters.Named("zip_longest", (v, a, i) -> zip(v, a, true)));
        f.add(new AnsibleFilters.Named("selectattr", (v, a, i) -> filterBy(v, a, i, true, true)));
        f.add(new AnsibleFilters.Named("rejectattr", (v, a, i) -> filterBy(v, a, i, true, false)));
        f.add(new AnsibleFilters.Named("select", (v, a, i) -> filterBy(v, a, i, false, true)));
        f.add(new AnsibleFilters.Named("reject", (v, a, i) -> filterBy(v, a, i, false, false)));
        f.add(new AnsibleFilters.Named("map", ListFilters::map));
        f.add(new AnsibleFilters.Named("list", (v, a, i) -> {
            if (v instanceof CharSequence s) return s.toString().codePoints().mapToObj(Character::toString).map(Object.class::cast).toList();
            if (v instanceof Map<?, ?> m) return new ArrayList<Object>(m.keySet());
            return new ArrayList<>(AnsibleFilters.iterable(v));
        }));
        return f;
    }

    private static Comparator<Object> comparator(boolean caseSensitive, String attribute) {
        return (x, y) -> AnsibleFilters.compare(attribute == null ? x : AnsibleFilters.attribute(x, attribute), attribute == null ? y : AnsibleFilters.attribute(y, attribute), caseSensitive);
    }
    private static Object extreme(Object v, AnsibleFilters.Args a, boolean max) {
        List<Object> l = AnsibleFilters.iterable(v);
        if (l.isEmpty()) return null;
        Comparator<Object> c = comparator(a.bool(-1, "case_sensitive", false), a.string(-1, "attribute", null));
        return max ? l.stream().max(c).orElseThrow() : l.stream().min(c).orElseThrow();
    }
    private static void flatten(List<Object> items, int levels, boolean skipNulls, List<Object> out) {
        for (Object o : items) {
            Object v = Python.unwrap(o);
            if (v == null && skipNulls) continue;
            if (v instanceof String s && (s.equals("None") || s.equals("null")) && skipNulls) continue;
            if (v instanceof List<?> l && levels > 0) flatten(new ArrayList<>(l), levels - 1, skipNulls, out);
            else out.add(v);
        }
    }
    private static Object zip(Object v, AnsibleFilters.Args a, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(AnsibleFilters.iterable(v));
        for (Object o : a.positional()) lists.add(AnsibleFilters.iterable(o));
        int n = lists.stream().mapToInt(List::size).reduce(longest ? 0 : Integer.MAX_VALUE, longest ? Math::max : Math::min);
        Object fill = a.named().get("fillvalue");
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            List<Object> row = new ArrayList<>();
            for (List<Object> l : lists) row.add(k < l.size() ? l.get(k) : fill);
            out.add(row);
        }
        return out;
    }
    /** select/reject(test, args..) and selectattr/rejectattr(attr, test, args..); a missing attribute is Undefined to the test. */
    private static Object filterBy(Object v, AnsibleFilters.Args a, JinjavaInterpreter interpreter, boolean byAttribute, boolean keep) {
        int first = byAttribute ? 1 : 0;
        String attr = byAttribute ? a.string(0, "attribute", null) : null;
        String testName = a.size() > first ? Python.str(a.positional()[first]) : null;
        ExpTest test = testName == null ? null : interpreter.getContext().getExpTest(testName);
        if (testName != null && test == null) throw new IllegalArgumentException("no test named '" + testName + "'");
        Object[] testArgs = a.size() > first + 1 ? Arrays.copyOfRange(a.positional(), first + 1, a.size()) : new Object[0];
        List<Object> out = new ArrayList<>();
        for (Object item : AnsibleFilters.iterable(v)) {
            Object subject = attr == null ? item : AnsibleFilters.attribute(item, attr);
            boolean passed = test == null ? Python.pyTruthy(subject) : test.evaluate(subject, interpreter, testArgs);
            if (passed == keep) out.add(item);
        }
        return out;
    }
    /** map(attribute='x', default=..) or map('filter', args..). */
    private static Object map(Object v, AnsibleFilters.Args a, JinjavaInterpreter interpreter) {
        List<Object> out = new ArrayList<>();
        if (a.named().containsKey("attribute")) {
            String attr = Python.str(a.named().get("attribute"));
            boolean hasDefault = a.named().containsKey("default");
            for (Object item : AnsibleFilters.iterable(v)) {
                Object value = AnsibleFilters.attribute(item, attr);
                if (value instanceof Undefined u) {
                    if (!hasDefault) throw new UndefinedVariableException(u.name(), "'" + Python.typeOf(Python.unwrap(item)) + " object' has no attribute '" + attr + "'", AnsibleFilters.currentAt());
                    value = a.named().get("default");
                }
                out.add(value);
            }
            return out;
        }
        if (a.size() == 0) throw new IllegalArgumentException("map needs a filter name or attribute=");
        String name = Python.str(a.positional()[0]);
        Filter filter = interpreter.getContext().getFilter(name);
        if (filter == null) throw new IllegalArgumentException("no filter named '" + name + "'");
        Object[] rest = Arrays.copyOfRange(a.positional(), 1, a.size());
        for (Object item : AnsibleFilters.iterable(v)) out.add(filter.filter(item, interpreter, rest, a.named()));
        return out;
    }
}
