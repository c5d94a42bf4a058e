package dev.opsctl.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.AdvancedFilter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.opsctl.python.PyRegex;
import dev.opsctl.python.Python;
import dev.opsctl.python.Undefined;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Ansible's and Jinja2's filters that Jinjava lacks or implements differently (Python semantics, Ansible names). */
final class AnsibleFilters {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHELL_SAFE = Pattern.compile("[\\w@%+=:,./-]+", Pattern.UNICODE_CHARACTER_CLASS);

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
        Body def = (v, a, i) -> {
            Object fallback = a.get(0, "default_value", "");
            if (v instanceof Undefined) return fallback;
            return a.bool(1, "boolean", false) && !Python.pyTruthy(v) ? fallback : v;
        };
        f.add(new Named("default", def));
        f.add(new Named("d", def));
        f.add(new Named("mandatory", (v, a, i) -> {
            if (v instanceof Undefined u) {
                String msg = a.string(0, "msg", null);
                throw new UndefinedVariableException(u.name(), msg != null ? msg : "Mandatory variable '" + u.name() + "' not defined.", currentAt());
            }
            return v;
        }));
        f.add(new Named("bool", (v, a, i) -> Python.bool(v)));
        f.add(new Named("int", AnsibleFilters::toInt));
        f.add(new Named("float", (v, a, i) -> {
            if (v instanceof Number n) return n.doubleValue();
            try {
                return Double.parseDouble(Python.str(v).trim());
            } catch (NumberFormatException e) {
                return ((Number) a.get(0, "default", 0.0)).doubleValue();
            }
        }));
        f.add(new Named("string", (v, a, i) -> Python.str(v)));
        f.add(new Named("lower", (v, a, i) -> Python.str(v).toLowerCase()));
        f.add(new Named("upper", (v, a, i) -> Python.str(v).toUpperCase()));
        f.add(new Named("capitalize", (v, a, i) -> {
            String s = Python.str(v);
            return s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
        }));
        f.add(new Named("trim", (v, a, i) -> {
            String chars = a.string(0, "chars", null);
            String s = Python.str(v);
            return chars == null ? s.strip() : s.replaceAll("^[" + Pattern.quote(chars) + "]+|[" + Pattern.quote(chars) + "]+$", "");
        }));
        f.add(new Named("join", (v, a, i) -> {
            String sep = a.string(0, "d", "");
            String attribute = a.string(1, "attribute", null);
            List<String> parts = new ArrayList<>();
            for (Object o : iterable(v)) parts.add(Python.str(attribute == null ? o : attribute(o, attribute)));
            return String.join(sep, parts);
        }));
        Body length = (v, a, i) -> v instanceof CharSequence s ? s.length() : v instanceof Map<?, ?> m ? m.size() : iterable(v).size();
        f.add(new Named("length", length));
        f.add(new Named("count", length));
        f.add(new Named("first", (v, a, i) -> {
            List<Object> l = iterable(v);
            return l.isEmpty() ? null : l.get(0);
        }));
        f.add(new Named("last", (v, a, i) -> {
            List<Object> l = iterable(v);
            return l.isEmpty() ? null : l.get(l.size() - 1);
        }));
        f.add(new Named("unique", (v, a, i) -> new ArrayList<>(new LinkedHashSet<>(iterable(v)))));
        f.add(new Named("sort", (v, a, i) -> {
            List<Object> l = new ArrayList<>(iterable(v));
            l.sort(comparator(a.bool(1, "case_sensitive", false), a.string(2, "attribute", null)));
            if (a.bool(0, "reverse", false)) java.util.Collections.reverse(l);
            return l;
        }));
        f.add(new Named("min", (v, a, i) -> extreme(v, a, false)));
        f.add(new Named("max", (v, a, i) -> extreme(v, a, true)));
        f.add(new Named("replace", (v, a, i) -> {
            String s = Python.str(v);
            String old = a.string(0, "old", "");
            String replacement = a.string(1, "new", "");
            int count = a.integer(2, "count", -1);
            if (count < 0) return s.replace(old, replacement);
            String out = s;
            int from = 0;
            for (int n = 0; n < count; n++) {
                int at = out.indexOf(old, from);
                if (at < 0) break;
                out = out.substring(0, at) + replacement + out.substring(at + old.length());
                from = at + replacement.length() + (old.isEmpty() ? 1 : 0);
            }
            return out;
        }));
        f.add(new Named("regex_replace", (v, a, i) -> PyRegex.compile(a.string(0, "pattern", ""), a.bool(2, "ignorecase", false), a.bool(3, "multiline", false))
                .sub(Python.str(v), a.string(1, "replacement", ""), a.integer(4, "count", 0))));
        f.add(new Named("regex_search", AnsibleFilters::regexSearch));
        f.add(new Named("regex_findall", (v, a, i) -> PyRegex.compile(a.string(0, "regex", ""), a.bool(2, "ignorecase", false), a.bool(1, "multiline", false))
                .findall(Python.str(v))));
        f.add(new Named("regex_escape", (v, a, i) -> Python.str(v).replaceAll("([^A-Za-z0-9_])", "\\\\$1")));
        f.add(new Named("basename", (v, a, i) -> {
            String s = Python.str(v);
            return s.substring(s.lastIndexOf('/') + 1);
        }));
        f.add(new Named("dirname", (v, a, i) -> {
            String s = Python.str(v);
            int slash = s.lastIndexOf('/');
            if (slash < 0) return "";
            String head = s.substring(0, slash + 1);
            // os.path.dirname strips trailing slashes unless the head is all slashes
            return head.matches("/+") ? head : head.replaceAll("/+$", "");
        }));
        f.add(new Named("to_json", (v, a, i) -> Python.json(v, indentArg(a.get(-1, "indent", null)), a.bool(-1, "sort_keys", false))));
        f.add(new Named("to_nice_json", (v, a, i) -> Python.json(v, indentArg(a.get(-1, "indent", 4)), a.bool(-1, "sort_keys", true))));
        f.add(new Named("to_yaml", (v, a, i) -> yaml(v, indentArg(a.get(-1, "indent", null)), DumperOptions.FlowStyle.AUTO)));
        f.add(new Named("to_nice_yaml", (v, a, i) -> yaml(v, indentArg(a.get(-1, "indent", 4)), DumperOptions.FlowStyle.BLOCK)));
        f.add(new Named("from_json", (v, a, i) -> {
            try {
                return JSON.readValue(Python.str(v), Object.class);
            } catch (Exception e) {
                throw new IllegalArgumentException("invalid JSON: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }));
        f.add(new Named("from_yaml", (v, a, i) -> new Yaml(new SafeConstructor(new LoaderOptions())).load(Python.str(v))));
        f.add(new Named("quote", (v, a, i) -> shellQuote(Python.str(v))));
        f.add(new Named("b64encode", (v, a, i) -> Base64.getEncoder().encodeToString(Python.str(v).getBytes(StandardCharsets.UTF_8))));
        f.add(new Named("b64decode", (v, a, i) -> new String(Base64.getMimeDecoder().decode(Python.str(v)), StandardCharsets.UTF_8)));
        f.add(new Named("hash", (v, a, i) -> digest(Python.str(v), a.string(0, "hashtype", "sha1"))));
        f.add(new Named("checksum", (v, a, i) -> digest(Python.str(v), "sha1")));
        f.add(new Named("md5", (v, a, i) -> digest(Python.str(v), "md5")));
        f.add(new Named("sha1", (v, a, i) -> digest(Python.str(v), "sha1")));
        f.add(new Named("dict2items", (v, a, i) -> {
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
        f.add(new Named("items2dict", (v, a, i) -> {
            String k = a.string(0, "key_name", "key");
            String val = a.string(1, "value_name", "value");
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Object o : iterable(v)) {
                if (!(Python.unwrap(o) instanceof Map<?, ?> item) || !item.containsKey(k) || !item.containsKey(val)) {
                    throw new IllegalArgumentException("items2dict requires a list of dictionaries with '" + k + "' and '" + val + "' keys");
                }
                out.put(item.get(k), item.get(val));
            }
            return out;
        }));
        f.add(new Named("combine", AnsibleFilters::combine));
        f.add(new Named("flatten", (v, a, i) -> {
            Object levels = a.get(0, "levels", null);
            List<Object> out = new ArrayList<>();
            flatten(iterable(v), levels == null ? Integer.MAX_VALUE : ((Number) levels).intValue(), a.bool(1, "skip_nulls", true), out);
            return out;
        }));
        f.add(new Named("zip", (v, a, i) -> zip(v, a, false)));
        f.add(new Named("zip_longest", (v, a, i) -> zip(v, a, true)));
        f.add(new Named("selectattr", (v, a, i) -> filterBy(v, a, i, true, true)));
        f.add(new Named("rejectattr", (v, a, i) -> filterBy(v, a, i, true, false)));
        f.add(new Named("select", (v, a, i) -> filterBy(v, a, i, false, true)));
        f.add(new Named("reject", (v, a, i) -> filterBy(v, a, i, false, false)));
        f.add(new Named("map", AnsibleFilters::map));
        f.add(new Named("list", (v, a, i) -> {
            if (v instanceof CharSequence s) return s.toString().codePoints().mapToObj(Character::toString).map(Object.class::cast).toList();
            if (v instanceof Map<?, ?> m) return new ArrayList<Object>(m.keySet());
            return new ArrayList<>(iterable(v));
        }));
        f.add(new Named("dict", (v, a, i) -> {
            if (v instanceof Map<?, ?> m) return new LinkedHashMap<Object, Object>(m);
            Map<Object, Object> out = new LinkedHashMap<>();
            if (v == null) {
                out.putAll(a.named());
                return out;
            }
            for (Object pair : iterable(v)) {
                List<Object> kv = iterable(pair);
                if (kv.size() != 2) throw new IllegalArgumentException("dict needs pairs, got " + Python.repr(pair));
                out.put(kv.get(0), kv.get(1));
            }
            return out;
        }));
        f.add(new Named("ternary", (v, a, i) -> {
            if (v == null && a.size() > 2) return a.get(2, "none_val", null);
            return Python.pyTruthy(v) ? a.get(0, "true_val", null) : a.get(1, "false_val", null);
        }));
        f.add(new Named("split", (v, a, i) -> {
            String s = Python.str(v);
            String sep = a.string(0, "sep", null);
            int max = a.integer(1, "maxsplit", -1);
            if (sep == null) {
                String t = s.strip();
                return t.isEmpty() ? List.of() : Arrays.asList((Object[]) t.split("\\s+", max < 0 ? 0 : max + 1));
            }
            return Arrays.asList((Object[]) s.split(Pattern.quote(sep), max < 0 ? -1 : max + 1));
        }));
        f.add(CommentFilter.filter());
        f.addAll(DictFilters.all());
        return f;
    }

    private static Object toInt(Object v, Args a, JinjavaInterpreter i) {
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

    private static Comparator<Object> comparator(boolean caseSensitive, String attribute) {
        return (x, y) -> compare(attribute == null ? x : attribute(x, attribute), attribute == null ? y : attribute(y, attribute), caseSensitive);
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

    private static Object extreme(Object v, Args a, boolean max) {
        List<Object> l = iterable(v);
        if (l.isEmpty()) return null;
        Comparator<Object> c = comparator(a.bool(-1, "case_sensitive", false), a.string(-1, "attribute", null));
        return max ? l.stream().max(c).orElseThrow() : l.stream().min(c).orElseThrow();
    }

    private static Object regexSearch(Object v, Args a, JinjavaInterpreter i) {
        String regex = a.string(0, "regex", "");
        boolean ignoreCase = Python.pyTruthy(a.named().get("ignorecase"));
        boolean multiline = Python.pyTruthy(a.named().get("multiline"));
        PyRegex re = PyRegex.compile(regex, ignoreCase, multiline);
        Matcher m = re.pattern().matcher(Python.str(v));
        if (!m.find()) return null;
        if (a.size() <= 1) return m.group();
        List<Object> groups = new ArrayList<>();
        for (int k = 1; k < a.size(); k++) {
            String ref = Python.str(a.positional()[k]);
            Matcher g = Pattern.compile("^\\\\(?:g<(\\w+)>|(\\d+))$").matcher(ref);
            if (!g.matches()) throw new IllegalArgumentException("unknown argument '" + ref + "'");
            groups.add(re.group(m, g.group(1) != null ? g.group(1) : g.group(2)));
        }
        return groups;
    }

    private static Integer indentArg(Object indent) {
        return indent == null ? null : ((Number) indent).intValue();
    }

    /** PyYAML's dump as Ansible calls it: keys sorted, flow style for leaf collections (to_yaml) or block (to_nice_yaml). */
    private static String yaml(Object v, Integer indent, DumperOptions.FlowStyle style) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(style);
        o.setAllowUnicode(true);
        if (indent != null) o.setIndent(indent);
        o.setIndicatorIndent(0);
        o.setSplitLines(true);
        return new Yaml(o).dump(sortedKeys(Python.plain(v)));
    }

    private static Object sortedKeys(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new TreeMap<>((x, y) -> Python.str(x).compareTo(Python.str(y)));
            m.forEach((k, val) -> out.put(k, sortedKeys(val)));
            return new LinkedHashMap<>(out);
        }
        if (v instanceof List<?> l) return l.stream().map(AnsibleFilters::sortedKeys).toList();
        return v;
    }

    /** Python's shlex.quote. */
    static String shellQuote(String s) {
        if (s.isEmpty()) return "''";
        if (SHELL_SAFE.matcher(s).matches()) return s;
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    private static String digest(String s, String type) {
        String algorithm = switch (type.toLowerCase()) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("unsupported hash type '" + type + "'");
        };
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object combine(Object v, Args a, JinjavaInterpreter i) {
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

    private static void flatten(List<Object> items, int levels, boolean skipNulls, List<Object> out) {
        for (Object o : items) {
            Object v = Python.unwrap(o);
            if (v == null && skipNulls) continue;
            if (v instanceof String s && (s.equals("None") || s.equals("null")) && skipNulls) continue;
            if (v instanceof List<?> l && levels > 0) flatten(new ArrayList<>(l), levels - 1, skipNulls, out);
            else out.add(v);
        }
    }

    private static Object zip(Object v, Args a, boolean longest) {
        List<List<Object>> lists = new ArrayList<>();
        lists.add(iterable(v));
        for (Object o : a.positional()) lists.add(iterable(o));
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
    private static Object filterBy(Object v, Args a, JinjavaInterpreter interpreter, boolean byAttribute, boolean keep) {
        int first = byAttribute ? 1 : 0;
        String attr = byAttribute ? a.string(0, "attribute", null) : null;
        String testName = a.size() > first ? Python.str(a.positional()[first]) : null;
        ExpTest test = testName == null ? null : interpreter.getContext().getExpTest(testName);
        if (testName != null && test == null) throw new IllegalArgumentException("no test named '" + testName + "'");
        Object[] testArgs = a.size() > first + 1 ? Arrays.copyOfRange(a.positional(), first + 1, a.size()) : new Object[0];
        List<Object> out = new ArrayList<>();
        for (Object item : iterable(v)) {
            Object subject = attr == null ? item : attribute(item, attr);
            boolean passed = test == null ? Python.pyTruthy(subject) : test.evaluate(subject, interpreter, testArgs);
            if (passed == keep) out.add(item);
        }
        return out;
    }

    /** map(attribute='x', default=..) or map('filter', args..). */
    private static Object map(Object v, Args a, JinjavaInterpreter interpreter) {
        List<Object> out = new ArrayList<>();
        if (a.named().containsKey("attribute")) {
            String attr = Python.str(a.named().get("attribute"));
            boolean hasDefault = a.named().containsKey("default");
            for (Object item : iterable(v)) {
                Object value = attribute(item, attr);
                if (value instanceof Undefined u) {
                    if (!hasDefault) throw new UndefinedVariableException(u.name(), "'" + Python.typeOf(Python.unwrap(item)) + " object' has no attribute '" + attr + "'", currentAt());
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
        for (Object item : iterable(v)) out.add(filter.filter(item, interpreter, rest, a.named()));
        return out;
    }
}
