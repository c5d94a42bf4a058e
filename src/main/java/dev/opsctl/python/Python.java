package dev.opsctl.python;

import com.hubspot.jinjava.objects.PyWrapper;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Python's view of Java values: {@code str()}, {@code repr()}, truthiness and {@code json.dumps}, as Ansible's output shows them. */
public final class Python {
    private static final Set<String> FALSE_WORDS = Set.of("", "false", "no", "off", "0", "n", "f", "none");

    private Python() {}

    /** Python's str(); None is the empty string, as Ansible's templar finalizes it in output. */
    public static String output(Object value) {
        return value == null ? "" : str(value);
    }

    public static String str(Object value) {
        Object v = unwrap(value);
        if (v instanceof CharSequence s) return s.toString();
        return repr(v);
    }

    /** Python's type name of a value, as its error messages say it ({@code 'int' object is not iterable}). */
    public static String typeOf(Object value) {
        Object v = unwrap(value);
        if (v == null) return "NoneType";
        if (v instanceof Map) return "dict";
        if (v instanceof Tuple) return "tuple";
        if (v instanceof List) return "list";
        if (v instanceof CharSequence) return "str";
        if (v instanceof Boolean) return "bool";
        if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger) return "int";
        if (v instanceof Number) return "float";
        return v.getClass().getSimpleName();
    }

    public static String repr(Object value) {
        Object v = unwrap(value);
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof Double || v instanceof Float) return floatRepr(((Number) v).doubleValue());
        if (v instanceof BigDecimal d) return floatRepr(d.doubleValue());
        if (v instanceof Number n) return n.toString();
        if (v instanceof CharSequence s) return quote(s.toString());
        if (v instanceof Map<?, ?> m) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (sb.length() > 1) sb.append(", ");
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof Tuple t) {
            StringBuilder sb = new StringBuilder("(");
            for (Object o : t) {
                if (sb.length() > 1) sb.append(", ");
                sb.append(repr(o));
            }
            return sb.append(t.size() == 1 ? ",)" : ")").toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder sb = new StringBuilder("[");
            for (Object o : c) {
                if (sb.length() > 1) sb.append(", ");
                sb.append(repr(o));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Undefined u) throw new IllegalStateException("undefined value '" + u.name() + "' used");
        return v.toString();
    }

    private static String quote(String s) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(q);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c == q) sb.append('\\').append(c);
                    else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append(q).toString();
    }

    /** Python's float repr: 1.0, 0.0001, 1e-05, 1e+16. */
    public static String floatRepr(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent >= -5 && exponent < 16) {
            String plain = bd.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = bd.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + (exponent < 0 ? "e-" : "e+") + String.format("%02d", Math.abs(exponent));
    }

    /** Ansible's truthiness: booleans, "yes"/"true" words, numbers other than 0, non-empty collections. */
    public static boolean truthy(Object value) {
        Object v = unwrap(value);
        if (v == null || v instanceof Undefined) return false;
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof CharSequence s) return !FALSE_WORDS.contains(s.toString().trim().toLowerCase());
        if (v instanceof Collection<?> c) return !c.isEmpty();
        if (v instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    /** Python's (Jinja's) truthiness: "false" is a non-empty string, so true. */
    public static boolean pyTruthy(Object value) {
        Object v = unwrap(value);
        if (v instanceof CharSequence s) return s.length() > 0;
        if (v instanceof Undefined) return false;
        return truthy(v);
    }

    /** Ansible's {@code bool} filter: only true, yes, on, 1 (and their spellings) are true. */
    public static boolean bool(Object value) {
        Object v = unwrap(value);
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() == 1;
        if (v == null) return false;
        String s = str(v).toLowerCase();
        return s.equals("yes") || s.equals("on") || s.equals("1") || s.equals("true");
    }

    /** Jinjava's wrappers (PyList, PyMap, SafeString) turned back into plain Java values, deeply. */
    public static Object plain(Object value) {
        Object v = unwrap(value);
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, val) -> out.put(plain(k), plain(val)));
            return out;
        }
        if (v instanceof Collection<?> c && !(v instanceof Set<?>)) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) out.add(plain(o));
            return out;
        }
        // Jinjava's integers are Longs; YAML-loaded ones are Integers: one type keeps equals() working
        if (v instanceof Long l && l == l.intValue()) return l.intValue();
        return v;
    }

    public static Object unwrap(Object value) {
        if (value instanceof PyMap m) return m.toMap();
        if (value instanceof PyList l) return l.toList();
        if (value instanceof SafeString s) return s.toString();
        if (value instanceof PyWrapper && value instanceof CharSequence s) return s.toString();
        return value;
    }

    /** Python's {@code json.dumps}; indent null gives one line with ", " and ": ", as Ansible's to_json does. */
    public static String json(Object value, Integer indent, boolean sortKeys) {
        StringBuilder sb = new StringBuilder();
        writeJson(sb, value, indent, sortKeys, 0);
        return sb.toString();
    }

    private static void writeJson(StringBuilder sb, Object value, Integer indent, boolean sortKeys, int depth) {
        Object v = unwrap(value);
        if (v == null) sb.append("null");
        else if (v instanceof Boolean b) sb.append(b ? "true" : "false");
        else if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
            double d = ((Number) v).doubleValue();
            sb.append(Double.isNaN(d) ? "NaN" : Double.isInfinite(d) ? (d > 0 ? "Infinity" : "-Infinity") : floatRepr(d));
        } else if (v instanceof Number n) sb.append(n);
        else if (v instanceof Map<?, ?> m) {
            Map<?, ?> entries = m;
            if (sortKeys) {
                TreeMap<String, Object> sorted = new TreeMap<>();
                m.forEach((k, val) -> sorted.put(str(k), val));
                entries = sorted;
            }
            writeContainer(sb, '{', '}', entries.entrySet().iterator(), entries.isEmpty(), indent, depth, (e) -> {
                Map.Entry<?, ?> en = (Map.Entry<?, ?>) e;
                Object k = unwrap(en.getKey());
                jsonString(sb, k instanceof String s ? s : k == null ? "null" : k instanceof Boolean || k instanceof Number ? json(k, null, false) : str(k));
                sb.append(": ");
                writeJson(sb, en.getValue(), indent, sortKeys, depth + 1);
            });
        } else if (v instanceof Collection<?> c) {
            writeContainer(sb, '[', ']', c.iterator(), c.isEmpty(), indent, depth, (o) -> writeJson(sb, o, indent, sortKeys, depth + 1));
        } else jsonString(sb, str(v));
    }

    private static void writeContainer(StringBuilder sb, char open, char close, Iterator<?> items, boolean empty, Integer indent,
                                       int depth, java.util.function.Consumer<Object> writeItem) {
        sb.append(open);
        if (empty) {
            sb.append(close);
            return;
        }
        boolean first = true;
        while (items.hasNext()) {
            if (!first) sb.append(indent == null ? ", " : ",");
            if (indent != null) sb.append('\n').append(" ".repeat(indent * (depth + 1)));
            writeItem.accept(items.next());
            first = false;
        }
        if (indent != null) sb.append('\n').append(" ".repeat(indent * depth));
        sb.append(close);
    }

    /** A JSON string with ensure_ascii=True, Python's default. */
    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7f) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }
}
