package dev.opsctl.python;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An INI inventory value as Ansible reads it: Python's {@code ast.literal_eval}, and the raw text when that fails.
 * So {@code 22} is an int, {@code True} a boolean, {@code "a b"} the string a b, but {@code true}, {@code yes}
 * and {@code 0644} stay strings, exactly as in Ansible.
 */
public final class PythonLiteral {
    private final String s;
    private int i;

    private PythonLiteral(String s) {
        this.s = s;
    }

    public static Object parse(String text) {
        PythonLiteral p = new PythonLiteral(text);
        try {
            p.blank();
            Object value = p.value();
            p.blank();
            if (p.i < p.s.length() && p.s.charAt(p.i) == '#') p.i = p.s.length();
            return p.i == p.s.length() ? value : text;
        } catch (IllegalStateException notALiteral) {
            return text;
        }
    }

    private Object value() {
        char c = peek();
        if (c == '[') return sequence('[', ']');
        if (c == '(') return sequence('(', ')');
        if (c == '{') return mapping();
        if (c == '\'' || c == '"' || isStringPrefix()) return strings();
        if (c == '-' || c == '+') {
            i++;
            blank();
            Object n = number();
            return c == '-' ? negate(n) : n;
        }
        if (Character.isDigit(c) || c == '.') return number();
        for (String word : List.of("True", "False", "None")) {
            if (s.startsWith(word, i) && !identifierAt(i + word.length())) {
                i += word.length();
                return word.equals("None") ? null : Boolean.valueOf(word.equals("True"));
            }
        }
        throw new IllegalStateException();
    }

    private List<Object> sequence(char open, char close) {
        i++;
        List<Object> items = new ArrayList<>();
        blank();
        boolean comma = false;
        while (peek() != close) {
            items.add(value());
            blank();
            comma = peek() == ',';
            if (comma) i++;
            else if (peek() != close) throw new IllegalStateException();
            blank();
        }
        i++;
        // (1) is just 1 in Python; only (1,) is a tuple
        if (open == '(' && items.size() == 1 && !comma) throw new IllegalStateException();
        return items;
    }

    private Map<Object, Object> mapping() {
        i++;
        Map<Object, Object> map = new LinkedHashMap<>();
        blank();
        while (peek() != '}') {
            Object key = value();
            blank();
            if (peek() != ':') throw new IllegalStateException();
            i++;
            blank();
            map.put(key, value());
            blank();
            if (peek() == ',') i++;
            else if (peek() != '}') throw new IllegalStateException();
            blank();
        }
        i++;
        return map;
    }

    private boolean isStringPrefix() {
        int j = i;
        while (j < s.length() && "rRuUbB".indexOf(s.charAt(j)) >= 0 && j - i < 2) j++;
        return j > i && j < s.length() && (s.charAt(j) == '\'' || s.charAt(j) == '"');
    }

    /** Adjacent literals concatenate, as in Python: 'a' "b" is 'ab'. */
    private String strings() {
        StringBuilder out = new StringBuilder();
        do {
            out.append(string());
            blank();
        } while (i < s.length() && (peek() == '\'' || peek() == '"' || isStringPrefix()));
        return out.toString();
    }

    private String string() {
        boolean raw = false;
        while ("rRuUbB".indexOf(peek()) >= 0) {
            char p = s.charAt(i++);
            if (p == 'b' || p == 'B') throw new IllegalStateException(); // bytes are not text
            raw |= p == 'r' || p == 'R';
        }
        char q = s.charAt(i);
        String delim = s.startsWith(String.valueOf(q).repeat(3), i) ? String.valueOf(q).repeat(3) : String.valueOf(q);
        i += delim.length();
        StringBuilder out = new StringBuilder();
        while (!s.startsWith(delim, i)) {
            char c = next();
            if (c == '\n' && delim.length() == 1) throw new IllegalStateException();
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            if (raw) {
                out.append('\\').append(e);
                continue;
            }
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case '\\', '\'', '"' -> out.append(e);
                case '\n' -> { }
                case 'x' -> out.append((char) hex(2));
                case 'u' -> out.append((char) hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                default -> out.append('\\').append(e);
            }
        }
        i += delim.length();
        return out.toString();
    }

    private int hex(int digits) {
        if (i + digits > s.length()) throw new IllegalStateException();
        try {
            int v = Integer.parseUnsignedInt(s.substring(i, i + digits), 16);
            i += digits;
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalStateException();
        }
    }

    private Object number() {
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "._".indexOf(s.charAt(i)) >= 0
                || (s.charAt(i) == '-' || s.charAt(i) == '+') && "eE".indexOf(s.charAt(i - 1)) >= 0 && !hexPrefix(start))) {
            i++;
        }
        String t = s.substring(start, i);
        if (t.startsWith("_") || t.endsWith("_") || t.contains("__")) throw new IllegalStateException();
        String digits = t.replace("_", "");
        String lower = digits.toLowerCase();
        try {
            if (lower.startsWith("0x")) return integer(new BigInteger(digits.substring(2), 16));
            if (lower.startsWith("0o")) return integer(new BigInteger(digits.substring(2), 8));
            if (lower.startsWith("0b")) return integer(new BigInteger(digits.substring(2), 2));
            if (lower.matches("[0-9]+")) {
                // Python 3 rejects leading zeros (0644), so Ansible keeps such a value as a string
                if (lower.length() > 1 && lower.charAt(0) == '0' && !lower.matches("0+")) throw new IllegalStateException();
                return integer(new BigInteger(digits));
            }
            if (lower.matches("([0-9]+\\.[0-9]*|\\.[0-9]+|[0-9]+)(e[+-]?[0-9]+)?")) return Double.valueOf(digits);
        } catch (NumberFormatException e) {
            throw new IllegalStateException();
        }
        throw new IllegalStateException();
    }

    private boolean hexPrefix(int start) {
        return s.length() > start + 1 && s.charAt(start) == '0' && "xX".indexOf(s.charAt(start + 1)) >= 0;
    }

    /** Integer, Long or BigInteger by size, as SnakeYAML returns them, so both inventory formats give the same types. */
    private static Object integer(BigInteger v) {
        if (v.bitLength() < 32) return v.intValue();
        if (v.bitLength() < 64) return v.longValue();
        return v;
    }

    private static Object negate(Object n) {
        if (n instanceof Integer v) return integer(BigInteger.valueOf(v).negate());
        if (n instanceof Long v) return integer(BigInteger.valueOf(v).negate());
        if (n instanceof BigInteger v) return integer(v.negate());
        return -(Double) n;
    }

    private boolean identifierAt(int j) {
        return j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_');
    }

    private void blank() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) i++;
    }

    private char peek() {
        if (i >= s.length()) throw new IllegalStateException();
        return s.charAt(i);
    }

    private char next() {
        if (i >= s.length()) throw new IllegalStateException();
        return s.charAt(i++);
    }
}
