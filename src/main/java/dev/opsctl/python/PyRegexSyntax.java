package dev.opsctl.python;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python's {@code re} pattern syntax rewritten into {@link java.util.regex}'s, where the two read the same text
 * differently: {@code (?P<name>)} and {@code (?P=name)}, {@code \Z}, {@code \v}, octal and {@code \U}/{@code \N{..}}
 * escapes, a {@code {} that is not a repeat, {@code {,n}}, a {@code [} or {@code &} inside a character class, global
 * inline flags, and MULTILINE's {@code ^} after a final newline. What Python rejects (an unknown escape such as
 * {@code \h}, flags not at the start) is rejected here too, rather than given Java's meaning.
 */
final class PyRegexSyntax {
    private static final Pattern REPEAT = Pattern.compile("\\{(\\d*)(?:(,)(\\d*))?\\}");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String PASS_ESCAPES = "AbBdDsSwWafnrt";

    /** The Java pattern, the flags in effect (Python's values) and the Java names of the Python groups. */
    record Translation(String java, int flags, Map<String, String> names) {}

    private final String py;
    private final boolean bytes;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, String> names = new HashMap<>();
    private int flags;
    private int i;

    private PyRegexSyntax(String py, int flags, boolean bytes) {
        this.py = py;
        this.flags = flags;
        this.bytes = bytes;
    }

    static Translation translate(String py, int flags, boolean bytes) {
        PyRegexSyntax t = new PyRegexSyntax(py, flags, bytes);
        t.globalFlags();
        t.body();
        return new Translation(t.out.toString(), t.flags, Map.copyOf(t.names));
    }

    /** Leading {@code (?aiLmsux)} groups set flags for the whole pattern; Python 3.11 allows them only at the start. */
    private void globalFlags() {
        Matcher m = Pattern.compile("\\(\\?([aiLmsux]+)\\)").matcher(py);
        while (m.find(i) && m.start() == i) {
            for (char c : m.group(1).toCharArray()) flags |= flag(c);
            i = m.end();
        }
        if ((flags & 128) != 0) throw invalid("bad inline flag: cannot use 'L' flag with a str pattern");
    }

    private static int flag(char c) {
        return switch (c) {
            case 'i' -> PyRegex.IGNORECASE;
            case 'm' -> PyRegex.MULTILINE;
            case 's' -> PyRegex.DOTALL;
            case 'x' -> PyRegex.VERBOSE;
            case 'a' -> PyRegex.ASCII;
            case 'L' -> 128;
            default -> 0; // 'u': Unicode, already the default of a str pattern
        };
    }

    private void body() {
        while (i < py.length()) {
            char c = py.charAt(i);
            if (c == '\\') {
                escape(false);
            } else if (c == '[') {
                characterClass();
            } else if (c == '(') {
                group();
            } else if (c == '{') {
                repeat();
            } else if (c == '^' && (flags & PyRegex.MULTILINE) != 0) {
                // Java's multiline '^' does not match after a final newline; Python's does.
                out.append("(?<![^\\n])");
                i++;
            } else if (c == '#' && (flags & PyRegex.VERBOSE) != 0) {
                int eol = py.indexOf('\n', i);
                int end = eol < 0 ? py.length() : eol;
                out.append(py, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
    }

    /** A backslash escape at {@code i}, outside or inside a character class. */
    private void escape(boolean inClass) {
        if (i + 1 >= py.length()) throw invalid("bad escape (end of pattern)");
        char n = py.charAt(i + 1);
        i += 2;
        if (n == 'Z' && !inClass) {
            out.append("\\z");
        } else if (n == 'b' && inClass) {
            out.append("\\x08");
        } else if (n == 'v') {
            out.append("\\x0B");
        } else if (n == 'x') {
            codePoint(hex(2, "\\x"));
        } else if ((n == 'u' || n == 'U' || n == 'N') && !bytes) {
            if (n == 'N') {
                int close = py.indexOf('}', i);
                if (i >= py.length() || py.charAt(i) != '{' || close < 0) throw invalid("missing {} after \\N");
                try {
                    codePoint(Character.codePointOf(py.substring(i + 1, close)));
                } catch (IllegalArgumentException e) {
                    throw invalid("undefined character name '" + py.substring(i + 1, close) + "'");
                }
                i = close + 1;
            } else {
                codePoint(hex(n == 'u' ? 4 : 8, "\\" + n));
            }
        } else if (n == '0') {
            int end = i;
            while (end < py.length() && end < i + 2 && isOctal(py.charAt(end))) end++;
            codePoint(Integer.parseInt("0" + py.substring(i, end), 8));
            i = end;
        } else if (n >= '1' && n <= '9') {
            numbered(n, inClass);
        } else if (n < 128 && Character.isLetter(n)) {
            if (PASS_ESCAPES.indexOf(n) < 0 || inClass && (n == 'A' || n == 'B')) throw invalid("bad escape \\" + n);
            out.append('\\').append(n);
        } else if (n < 128) {
            out.append('\\').append(n);
        } else {
            out.append(n); // escaping a non-ASCII character means the character itself
        }
    }

    /** {@code \1}..{@code \99} is a backreference, three octal digits a character, as Python's parser decides. */
    private void numbered(char n, boolean inClass) {
        if (i + 1 < py.length() && isOctal(n) && isOctal(py.charAt(i)) && isOctal(py.charAt(i + 1))) {
            int value = Integer.parseInt(n + py.substring(i, i + 2), 8);
            if (value > 0377) throw invalid("octal escape value \\" + n + py.substring(i, i + 2) + " outside of range 0-0o377");
            codePoint(value);
            i += 2;
            return;
        }
        if (inClass) throw invalid("bad escape \\" + n);
        String number = String.valueOf(n);
        if (i < py.length() && Character.isDigit(py.charAt(i)) && py.charAt(i) < 128) number += py.charAt(i++);
        // the empty group stops Java from reading a following digit as part of the group number
        out.append('\\').append(number).append("(?:)");
    }

    private int hex(int digits, String escape) {
        if (i + digits > py.length() || !py.substring(i, i + digits).matches("[0-9A-Fa-f]+")) throw invalid("incomplete escape " + escape);
        int value = Integer.parseInt(py.substring(i, i + digits), 16);
        i += digits;
        return value;
    }

    private void codePoint(int cp) {
        out.append("\\x{").append(Integer.toHexString(cp)).append('}');
    }

    /** A character class from {@code [} to its {@code ]}: Python reads {@code [} and {@code &&} inside it literally. */
    private void characterClass() {
        out.append('[');
        i++;
        if (i < py.length() && py.charAt(i) == '^') {
            out.append('^');
            i++;
        }
        boolean first = true;
        while (true) {
            if (i >= py.length()) throw invalid("unterminated character set");
            char c = py.charAt(i);
            if (c == ']' && !first) {
                out.append(']');
                i++;
                return;
            }
            if (c == '\\') {
                escape(true);
            } else {
                boolean verboseSpace = (flags & PyRegex.VERBOSE) != 0 && (Character.isWhitespace(c) || c == '#');
                if (c == '[' || c == '&' || c == ']' || verboseSpace) out.append('\\');
                out.append(c);
                i++;
            }
            first = false;
        }
    }

    /** A group opening at {@code i}: Python's extensions become Java's, or an error where Java has no equivalent. */
    private void group() {
        if (!py.startsWith("(?", i)) {
            out.append('(');
            i++;
            return;
        }
        if (py.startsWith("(?P<", i)) {
            int end = py.indexOf('>', i);
            String name = end < 0 ? "" : py.substring(i + 4, end);
            if (!GROUP_NAME.matcher(name).matches()) throw invalid("bad character in group name '" + name + "'");
            if (names.containsKey(name)) throw invalid("redefinition of group name '" + name + "'");
            String javaName = "g" + names.size() + "n" + name.replace("_", "");
            names.put(name, javaName);
            out.append("(?<").append(javaName).append('>');
            i = end + 1;
        } else if (py.startsWith("(?P=", i)) {
            int end = py.indexOf(')', i);
            String javaName = end < 0 ? null : names.get(py.substring(i + 4, end));
            if (javaName == null) throw invalid("unknown group name '" + (end < 0 ? py.substring(i + 4) : py.substring(i + 4, end)) + "'");
            out.append("\\k<").append(javaName).append('>');
            i = end + 1;
        } else if (py.startsWith("(?#", i)) {
            int end = py.indexOf(')', i);
            if (end < 0) throw invalid("missing ), unterminated comment");
            i = end + 1;
        } else if (py.startsWith("(?(", i)) {
            throw invalid("conditional groups (?(id)yes|no) are not supported by opsctl");
        } else if (py.startsWith("(?<", i) && !py.startsWith("(?<=", i) && !py.startsWith("(?<!", i)) {
            throw invalid("unknown extension ?<" + (i + 3 < py.length() ? py.charAt(i + 3) : ""));
        } else {
            scopedFlags();
        }
    }

    /** {@code (?=}, {@code (?!}, {@code (?:}, {@code (?>}, lookbehinds, or {@code (?flags-flags:...)}. */
    private void scopedFlags() {
        Matcher m = Pattern.compile("\\(\\?([aiLmsux]*)(?:-([imsx]*))?([:)])").matcher(py);
        if (!m.find(i) || m.start() != i || m.group(1).isEmpty() && m.group(2) == null) {
            out.append("(?");
            i += 2;
            return;
        }
        if (m.group(3).equals(")")) throw invalid("global flags not at the start of the expression");
        StringBuilder on = new StringBuilder();
        for (char c : m.group(1).toCharArray()) {
            if (c == 'L') throw invalid("bad inline flag: cannot use 'L' flag with a str pattern");
            if (c == 'a') on.append("-U");
            else if (c != 'u') on.append(c);
        }
        String onFlags = on.toString();
        // Java writes "turn U off" in the off part: (?i-U:...)
        String off = (m.group(2) == null ? "" : m.group(2)) + (onFlags.contains("-U") ? "U" : "");
        out.append("(?").append(onFlags.replace("-U", "")).append(off.isEmpty() ? "" : "-" + off).append(':');
        i = m.end();
    }

    /** A {@code {} that starts no repeat is a literal in Python (an error in Java); {@code {,n}} means {@code {0,n}}. */
    private void repeat() {
        Matcher m = REPEAT.matcher(py);
        if (!m.find(i) || m.start() != i || m.group(1).isEmpty() && m.group(2) == null) {
            out.append("\\{");
            i++;
            return;
        }
        String lo = m.group(1).isEmpty() ? "0" : m.group(1);
        out.append('{').append(lo);
        if (m.group(2) != null) out.append(',').append(m.group(3));
        out.append('}');
        i = m.end();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private PyRegex.Invalid invalid(String why) {
        return new PyRegex.Invalid("invalid regular expression '" + py + "': " + why);
    }
}
