package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Ansible's and Jinja2's filters that Jinjava lacks or implements differently (Python semantics, Ansible names): how a
 * filter receives its arguments and reports a failure, the list of every theme's filters, and the collection helpers
 * they share. The filters themselves live by theme: {@link ValueFilters}, {@link StringFilters}, {@link RegexFilters},
 * {@link ListFilters}, {@link SerialFilters}, {@link DictFilters}, {@link CommentFilter}.
 */
final class AnsibleFilters {

    private AnsibleFilters() {}

    /** A filter body: input value, positional and keyword arguments. */
    @FunctionalInterface
    interface Body {
        Object apply(Object value, Args args, JinjavaInterpreter interpreter);
    }

    /** Positional and keyword arguments, looked up as Python does: by position, else by name, else a default. */
    record Args(String filter, Object[] positional, Map<String, Object> named) {
        Object get(int index, String name, Object fallback) {
            if (index >= 0 && index < positional.length) return Python.unwrap(positional[index]);
            if (named.containsKey(name)) return Python.unwrap(named.get(name));
            return fallback;
        }

        String string(int index, String name, String fallback) {
            Object v = get(index, name, fallback);
            return v == null ? null : Python.str(v);
        }

        boolean bool(int index, String name, boolean fallback) {
            return Python.pyTruthy(get(index, name, fallback));
        }

        int integer(int index, String name, int fallback) {
            Object v = get(index, name, fallback);
            return v instanceof Number n ? n.intValue() : Integer.parseInt(Python.str(v).trim());
        }

        int size() {
            return positional.length;
        }
    }

    /** A named filter; failures become TemplateExceptions that name the filter. */
    record Named(String name, Body body) implements AdvancedFilter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object value = Python.unwrap(var);
            if (value instanceof Undefined u && !name.equals("default") && !name.equals("d") && !name.equals("mandatory")) {
                throw fail(new UndefinedVariableException(u.name(), currentAt()));
            }
            try {
                return body.apply(value, new Args(name, args == null ? new Object[0] : args, kwargs == null ? Map.of() : kwargs), interpreter);
            } catch (TemplateException e) {
                throw fail(e);
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw fail(new TemplateException("template error: filter '" + name + "' failed: " + why, currentAt(), e));
            }
        }
    }

    static TemplateException fail(TemplateException e) {
        Evaluation ev = Evaluation.current();
        return ev == null ? e : ev.rendering().fail(e);
    }

    static dev.opsctl.diag.Source currentAt() {
        Evaluation ev = Evaluation.current();
        return ev == null ? dev.opsctl.diag.Source.UNKNOWN : ev.rendering().at();
    }

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        f.addAll(ValueFilters.all());
        f.addAll(StringFilters.all());
        f.addAll(RegexFilters.all());
        f.addAll(ListFilters.all());
        f.addAll(SerialFilters.all());
        f.addAll(DictFilters.all());
        f.add(CommentFilter.filter());
        return f;
    }

    static List<Object> iterable(Object value) {
        Object v = Python.unwrap(value);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return new ArrayList<>(l);
        if (v instanceof Collection<?> c) return new ArrayList<>(c);
        if (v instanceof Map<?, ?> m) return new ArrayList<>(m.keySet());
        if (v instanceof CharSequence s) return new ArrayList<>(s.toString().codePoints().mapToObj(Character::toString).toList());
        if (v instanceof Object[] arr) return new ArrayList<>(Arrays.asList(arr));
        throw new IllegalArgumentException("'" + Python.typeOf(v) + "' object is not iterable");
    }

    /** item.attr, with dotted paths ("a.b") and list indices, as Jinja's attribute= arguments allow; Undefined when missing. */
    static Object attribute(Object item, String path) {
        Object cur = Python.unwrap(item);
        for (String part : path.split("\\.")) {
            if (cur instanceof Map<?, ?> m && m.containsKey(part)) cur = Python.unwrap(m.get(part));
            else if (cur instanceof List<?> l && part.matches("\\d+") && Integer.parseInt(part) < l.size()) cur = Python.unwrap(l.get(Integer.parseInt(part)));
            else return new Undefined(path);
        }
        return cur;
    }

    static int compare(Object x, Object y, boolean caseSensitive) {
        Object a = Python.unwrap(x);
        Object b = Python.unwrap(y);
        if (a instanceof Undefined u) throw new UndefinedVariableException(u.name(), currentAt());
        if (b instanceof Undefined u) throw new UndefinedVariableException(u.name(), currentAt());
        if (a instanceof Number n && b instanceof Number m) return Double.compare(n.doubleValue(), m.doubleValue());
        if (a instanceof Boolean p && b instanceof Boolean q) return Boolean.compare(p, q);
        if (a instanceof CharSequence && b instanceof CharSequence) {
            String s = a.toString();
            String t = b.toString();
            return caseSensitive ? s.compareTo(t) : s.toLowerCase().compareTo(t.toLowerCase());
        }
        if (a instanceof List<?> l && b instanceof List<?> r) {
            for (int k = 0; k < Math.min(l.size(), r.size()); k++) {
                int c = compare(l.get(k), r.get(k), caseSensitive);
                if (c != 0) return c;
            }
            return Integer.compare(l.size(), r.size());
        }
        throw new IllegalArgumentException("'<' not supported between instances of '" + Python.typeOf(a) + "' and '" + Python.typeOf(b) + "'");
    }
}
