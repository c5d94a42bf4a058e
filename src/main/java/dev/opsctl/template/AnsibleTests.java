package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.objects.collections.PyList;
import dev.opsctl.python.PyRegex;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;

/** Ansible's and Jinja2's tests that Jinjava lacks or implements differently. */
final class AnsibleTests {
    private AnsibleTests() {}

    /** A named test over the (unwrapped) value and its arguments. */
    record Named(String name, BiPredicate<Object, Object[]> body) implements ExpTest {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            Object value = Python.unwrap(var);
            if (value instanceof Undefined u && !name.equals("defined") && !name.equals("undefined")) {
                throw AnsibleFilters.fail(new UndefinedVariableException(u.name(), AnsibleFilters.currentAt()));
            }
            Object[] a = args == null ? new Object[0] : args;
            // Jinjava hands "x is t(a, b)" over as one tuple (a plain PyList); a list literal is a SizeLimitingPyList
            if (a.length == 1 && a[0] != null && a[0].getClass() == PyList.class) a = ((PyList) a[0]).toArray();
            try {
                return body.test(value, a);
            } catch (TemplateException e) {
                throw AnsibleFilters.fail(e);
            } catch (RuntimeException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw AnsibleFilters.fail(new TemplateException("template error: test '" + name + "' failed: " + why, AnsibleFilters.currentAt(), e));
            }
        }
    }

    static List<ExpTest> all() {
        List<ExpTest> t = new ArrayList<>();
        t.add(new Named("defined", (v, a) -> !(v instanceof Undefined)));
        t.add(new Named("undefined", (v, a) -> v instanceof Undefined));
        t.add(new Named("none", (v, a) -> v == null));
        t.add(new Named("string", (v, a) -> v instanceof CharSequence));
        t.add(new Named("number", (v, a) -> v instanceof Number));
        t.add(new Named("integer", (v, a) -> v instanceof Integer || v instanceof Long));
        t.add(new Named("float", (v, a) -> v instanceof Double || v instanceof Float));
        t.add(new Named("boolean", (v, a) -> v instanceof Boolean));
        t.add(new Named("mapping", (v, a) -> v instanceof Map));
        t.add(new Named("sequence", (v, a) -> v instanceof Collection || v instanceof CharSequence || v instanceof Map));
        t.add(new Named("iterable", (v, a) -> v instanceof Collection || v instanceof CharSequence || v instanceof Map));
        t.add(new Named("in", (v, a) -> contains(arg(a, 0), v)));
        t.add(new Named("contains", (v, a) -> contains(v, arg(a, 0))));
        t.add(new Named("match", (v, a) -> regex(v, a, "match")));
        t.add(new Named("search", (v, a) -> regex(v, a, "search")));
        t.add(new Named("regex", (v, a) -> regex(v, a, a.length > 3 ? Python.str(a[3]) : "search")));
        BiPredicate<Object, Object[]> version = (v, a) -> Versions.compare(Python.str(v), Python.str(arg(a, 0)), a.length > 1 ? Python.str(a[1]) : "eq");
        t.add(new Named("version", version));
        t.add(new Named("version_compare", version));
        BiPredicate<Object, Object[]> failed = (v, a) -> Python.truthy(result(v, "failed").get("failed"));
        BiPredicate<Object, Object[]> changed = (v, a) -> Python.truthy(result(v, "changed").get("changed"));
        BiPredicate<Object, Object[]> skipped = (v, a) -> Python.truthy(result(v, "skipped").get("skipped"));
        for (String n : List.of("failed", "failure")) t.add(new Named(n, failed));
        for (String n : List.of("succeeded", "success", "successful")) t.add(new Named(n, failed.negate()));
        for (String n : List.of("changed", "change")) t.add(new Named(n, changed));
        for (String n : List.of("skipped", "skip")) t.add(new Named(n, skipped));
        t.add(new Named("subset", (v, a) -> AnsibleFilters.iterable(arg(a, 0)).containsAll(AnsibleFilters.iterable(v))));
        t.add(new Named("superset", (v, a) -> AnsibleFilters.iterable(v).containsAll(AnsibleFilters.iterable(arg(a, 0)))));
        return t;
    }

    private static Object arg(Object[] a, int i) {
        if (i >= a.length) throw new IllegalArgumentException("missing argument");
        return Python.unwrap(a[i]);
    }

    private static boolean contains(Object container, Object item) {
        if (container instanceof CharSequence s) return s.toString().contains(Python.str(item));
        if (container instanceof Map<?, ?> m) return m.containsKey(item);
        for (Object o : AnsibleFilters.iterable(container)) {
            Object x = Python.unwrap(o);
            if (x == null ? item == null : x.equals(item) || x instanceof Number n && item instanceof Number m && n.doubleValue() == m.doubleValue()) return true;
        }
        return false;
    }

    private static boolean regex(Object v, Object[] a, String how) {
        PyRegex re = PyRegex.compile(Python.str(arg(a, 0)), RegexFilters.flags(a.length > 1 && Python.pyTruthy(a[1]), a.length > 2 && Python.pyTruthy(a[2])));
        var m = re.pattern().matcher(Python.str(v));
        return how.equals("match") ? m.lookingAt() : how.equals("fullmatch") ? m.matches() : m.find();
    }

    private static Map<?, ?> result(Object v, String test) {
        // "is failed" on a result whose failure a plan cannot know yet: known after apply, not false.
        // (A result that exists ran: it is not skipped.)
        if (v instanceof PartlyKnown p && !p.knows(test) && !test.equals("skipped")) throw p.unknown(test, AnsibleFilters.currentAt());
        if (v instanceof Map<?, ?> m) return m;
        throw new IllegalArgumentException("the '" + test + "' test expects a dictionary (a registered result)");
    }
}
