package dev.opsctl.python;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's str and dict methods, called on values in templates as Ansible's Jinja runs them ({@code 'a.b'.split('.')}
 * splits on the literal dot, {@code split()} on runs of white space; {@code d.items()} gives tuples). Jinjava would
 * call the Java method of the same name instead, with other semantics (String.split takes a regex).
 */
public final class PyMethods {
    /** Returned when the method is not one of these: Jinjava's own resolution goes on. */
    public static final Object NOT_HANDLED = new Object();
    private static final Pattern FORMAT_FIELD = Pattern.compile("\\{(\\d*)\\}|\\{\\{|\\}\\}");

    private PyMethods() {}

    public static Object call(Object base, String method, Object[] rawParams) {
        if (!(base instanceof CharSequence) && !(base instanceof Map<?, ?>)) return NOT_HANDLED;
        // A copy: the caller's parameters go on to Jinjava's own resolution when the method is not one of these.
        Object[] p = rawParams == null ? new Object[0] : rawParams.clone();
        for (int i = 0; i < p.length; i++) p[i] = Python.unwrap(p[i]);
        if (base instanceof CharSequence cs) return onString(cs.toString(), method, p);
        return onDict((Map<?, ?>) base, method, p);
    }

    private static Object onString(String s, String method, Object[] p) {
        return switch (method) {
            case "split" -> split(s, arg(p, 0), p.length > 1 ? toInt(p[1]) : -1);
            case "rsplit" -> rsplit(s, arg(p, 0), p.length > 1 ? toInt(p[1]) : -1);
            case "splitlines" -> splitlines(s);
            case "strip" -> strip(s, arg(p, 0), true, true);
            case "lstrip" -> strip(s, arg(p, 0), true, false);
            case "rstrip" -> strip(s, arg(p, 0), false, true);
            case "startswith" -> affix(s, p[0], true);
            case "endswith" -> affix(s, p[0], false);
            case "replace" -> replace(s, Python.str(p[0]), Python.str(p[1]), p.length > 2 ? toInt(p[2]) : -1);
            case "join" -> join(s, p[0]);
            case "upper" -> s.toUpperCase();
            case "lower" -> s.toLowerCase();
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase() + s.substring(1).toLowerCase();
            case "title" -> title(s);
            case "format" -> format(s, p);
            case "find" -> s.indexOf(Python.str(p[0]));
            case "rfind" -> s.lastIndexOf(Python.str(p[0]));
            case "count" -> count(s, Python.str(p[0]));
            case "isdigit" -> !s.isEmpty() && s.chars().allMatch(Character::isDigit);
            case "isalpha" -> !s.isEmpty() && s.chars().allMatch(Character::isLetter);
            case "isalnum" -> !s.isEmpty() && s.chars().allMatch(Character::isLetterOrDigit);
            case "isspace" -> !s.isEmpty() && s.chars().allMatch(Character::isWhitespace);
            case "isupper" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toUpperCase());
            case "islower" -> s.chars().anyMatch(Character::isLetter) && s.equals(s.toLowerCase());
            case "zfill" -> zfill(s, toInt(p[0]));
            default -> NOT_HANDLED;
        };
    }

    private static Object onDict(Map<?, ?> m, String method, Object[] p) {
        return switch (method) {
            case "items" -> {
                List<Object> out = new ArrayList<>();
                m.forEach((k, v) -> out.add(new Tuple(k, v)));
                yield out;
            }
            case "keys" -> new ArrayList<Object>(m.keySet());
            case "values" -> new ArrayList<Object>(m.values());
            case "get" -> m.containsKey(p[0]) ? m.get(p[0]) : p.length > 1 ? p[1] : null;
            default -> NOT_HANDLED;
        };
    }

    private static String arg(Object[] p, int i) {
        return p.length > i && p[i] != null ? Python.str(p[i]) : null;
    }

    private static int toInt(Object o) {
        return o instanceof Number n ? n.intValue() : Integer.parseInt(Python.str(o).strip());
    }

    /** str.split: no separator splits on runs of white space and drops empty ends; a separator is literal. */
    public static List<Object> split(String s, String sep, int max) {
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int i = 0;
            int n = s.length();
            while (true) {
                while (i < n && Character.isWhitespace(s.charAt(i))) i++;
                if (i >= n) return out;
                if (max >= 0 && out.size() == max) {
                    out.add(s.substring(i).stripTrailing());
                    return out;
                }
                int j = i;
                while (j < n && !Character.isWhitespace(s.charAt(j))) j++;
                out.add(s.substring(i, j));
                i = j;
            }
        }
        if (sep.isEmpty()) throw new IllegalArgumentException("empty separator");
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0) break;
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static List<Object> rsplit(String s, String sep, int max) {
        if (max < 0) return split(s, sep, max);
        List<Object> out = new ArrayList<>();
        if (sep == null) {
            int end = s.length();
            while (true) {
                while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) end--;
                if (end == 0) break;
                if (out.size() == max) {
                    out.add(0, s.substring(0, end).stripLeading());
                    break;
                }
                int start = end;
                while (start > 0 && !Character.isWhitespace(s.charAt(start - 1))) start--;
                out.add(0, s.substring(start, end));
                end = start;
            }
            return out;
        }
        int to = s.length();
        while (out.size() < max) {
            int at = s.lastIndexOf(sep, to - sep.length());
            if (at < 0) break;
            out.add(0, s.substring(at + sep.length(), to));
            to = at;
        }
        out.add(0, s.substring(0, to));
        return out;
    }

    private static List<Object> splitlines(String s) {
        List<Object> out = new ArrayList<>(List.of(s.split("\r\n|\r|\n", -1)));
        if (!out.isEmpty() && "".equals(out.get(out.size() - 1))) out.remove(out.size() - 1);
        return out;
    }

    private static String strip(String s, String chars, boolean left, boolean right) {
        int start = 0;
        int end = s.length();
        while (left && start < end && strippable(s.charAt(start), chars)) start++;
        while (right && end > start && strippable(s.charAt(end - 1), chars)) end--;
        return s.substring(start, end);
    }

    private static boolean strippable(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) : chars.indexOf(c) >= 0;
    }

    private static boolean affix(String s, Object what, boolean start) {
        if (what instanceof Collection<?> options) {
            for (Object o : options) if (affix(s, o, start)) return true;
            return false;
        }
        String a = Python.str(what);
        return start ? s.startsWith(a) : s.endsWith(a);
    }

    private static String replace(String s, String old, String with, int count) {
        if (count < 0) return s.replace(old, with);
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int n = 0; n < count; n++) {
            int at = s.indexOf(old, from);
            if (at < 0) break;
            out.append(s, from, at).append(with);
            from = at + old.length();
            if (old.isEmpty()) {
                if (from < s.length()) out.append(s.charAt(from));
                from++;
            }
        }
        if (from <= s.length()) out.append(s.substring(Math.min(from, s.length())));
        return out.toString();
    }

    private static String join(String sep, Object items) {
        Iterable<?> it;
        if (items instanceof Iterable<?> iterable) it = iterable;
        else if (items instanceof CharSequence cs) it = cs.toString().chars().mapToObj(c -> String.valueOf((char) c)).toList();
        else throw new IllegalArgumentException("can only join an iterable");
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Object o : it) {
            Object v = Python.unwrap(o);
            if (!(v instanceof CharSequence)) throw new IllegalArgumentException("sequence item: expected str instance, " + Python.typeOf(v) + " found");
            if (!first) out.append(sep);
            out.append(v);
            first = false;
        }
        return out.toString();
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean inWord = false;
        for (char c : s.toCharArray()) {
            out.append(inWord ? Character.toLowerCase(c) : Character.toUpperCase(c));
            inWord = Character.isLetter(c);
        }
        return out.toString();
    }

    /** str.format with {@code {}}, {@code {0}} fields and {@code {{ }}} escapes. */
    private static String format(String s, Object[] p) {
        Matcher m = FORMAT_FIELD.matcher(s);
        StringBuilder out = new StringBuilder();
        int auto = 0;
        while (m.find()) {
            String field = m.group();
            String replacement;
            if (field.equals("{{")) replacement = "{";
            else if (field.equals("}}")) replacement = "}";
            else {
                int index = m.group(1).isEmpty() ? auto++ : Integer.parseInt(m.group(1));
                if (index >= p.length) throw new IllegalArgumentException("Replacement index " + index + " out of range for positional args tuple");
                replacement = Python.str(p[index]);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) return s.length() + 1;
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    private static String zfill(String s, int width) {
        if (s.length() >= width) return s;
        boolean sign = !s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+');
        String pad = "0".repeat(width - s.length());
        return sign ? s.charAt(0) + pad + s.substring(1) : pad + s;
    }
}
