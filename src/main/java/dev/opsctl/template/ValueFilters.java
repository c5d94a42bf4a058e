package dev.opsctl.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.util.ArrayList;
import java.util.List;

/** Filters that convert or choose a value: {@code default}, {@code mandatory}, {@code bool}, {@code int}, {@code float}, {@code string}, {@code ternary}. */
final class ValueFilters {
    private ValueFilters() {}

    static List<Filter> all() {
        List<Filter> f = new ArrayList<>();
        AnsibleFilters.Body def = (v, a, i) -> {
            Object fallback = a.get(0, "default_value", "");
            if (v instanceof Undefined) return fallback;
            return a.bool(1, "boolean", false) && !Python.pyTruthy(v) ? fallback : v;
        };
        f.add(new AnsibleFilters.Named("default", def));
        f.add(new AnsibleFilters.Named("d", def));
        f.add(new AnsibleFilters.Named("mandatory", (v, a, i) -> {
            if (v instanceof Undefined u) {
                String msg = a.string(0, "msg", null);
                throw new UndefinedVariableException(u.name(), msg != null ? msg : "Mandatory variable '" + u.name() + "' not defined.", AnsibleFilters.currentAt());
            }
            return v;
        }));
        f.add(new AnsibleFilters.Named("bool", (v, a, i) -> Python.bool(v)));
        f.add(new AnsibleFilters.Named("int", ValueFilters::toInt));
        f.add(new AnsibleFilters.Named("float", (v, a, i) -> {
            if (v instanceof Number n) return n.doubleValue();
            try {
                return Double.parseDouble(Python.str(v).trim());
            } catch (NumberFormatException e) {
                return ((Number) a.get(0, "default", 0.0)).doubleValue();
            }
        }));
        f.add(new AnsibleFilters.Named("string", (v, a, i) -> Python.str(v)));
        f.add(new AnsibleFilters.Named("ternary", (v, a, i) -> {
            if (v == null && a.size() > 2) return a.get(2, "none_val", null);
            return Python.pyTruthy(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null);
        }));
        return f;
    }

    private static Object toInt(Object v, AnsibleFilters.Args a, JinjavaInterpreter i) {
        Object fallback = a.get(0, "default", 0);
        int base = a.integer(1, "base", 10);
        if (v instanceof Boolean b) return b ? 1 : 0;
        if (v instanceof Number n) return narrow((long) n.doubleValue());
        String s = Python.str(v).trim().replace("_", "");
        try {
            if (base != 10 && base != 0) return narrow(Long.parseLong(s.replaceFirst("^(?i)0[xob]", ""), base));
            if (base == 0 || s.matches("(?i)[-+]?0[xob].*")) {
                String digits = s.replaceFirst("^([-+]?)0[xXoObB]", "$1");
                int radix = s.matches("(?i)[-+]?0x.*") ? 16 : s.matches("(?i)[-+]?0o.*") ? 8 : s.matches("(?i)[-+]?0b.*") ? 2 : 10;
                return narrow(Long.parseLong(digits, radix));
            }
            return narrow(Long.parseLong(s));
        } catch (NumberFormatException e) {
            try {
                return narrow((long) Double.parseDouble(s));
            } catch (NumberFormatException e2) {
                return fallback;
            }
        }
    }
    private static Object narrow(long l) {
        return l == (int) l ? (Object) (int) l : (Object) l;
    }
}
