package dev.opsctl.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Python's {@code re} on {@link java.util.regex}: the one translator for every Python pattern opsctl runs, so the
 * {@code regex_*} filters and tests, the varnames lookup and the lineinfile/replace/blockinfile/find/assemble modules
 * agree. {@link PyRegexSyntax} turns the pattern into Java's dialect; this class carries Python's matching rules
 * ({@code re.sub}, {@code match.expand}, {@code re.findall}).
 *
 * <p>A str pattern (the default) is Unicode-aware as in Python 3: {@code \d}, {@code \w}, {@code \s} and
 * IGNORECASE cover Unicode. A bytes pattern ({@link #compileBytes}, as lineinfile and blockinfile compile theirs) is
 * ASCII-only; its text is Latin-1, one char per byte.
 */
public final class PyRegex {
    /** Python's {@code re} flag values. */
    public static final int IGNORECASE = 2;
    public static final int MULTILINE = 8;
    public static final int DOTALL = 16;
    public static final int VERBOSE = 64;
    public static final int ASCII = 256;

    private final String source;
    private final Pattern pattern;
    private final int flags;
    /** Python group name -> the Java name it got (Java allows only letters and digits). */
    private final Map<String, String> names;

    private PyRegex(String source, Pattern pattern, int flags, Map<String, String> names) {
        this.source = source;
        this.pattern = pattern;
        this.flags = flags;
        this.names = names;
    }

    /** Python's {@code re.compile(pattern, flags)} for a str pattern. */
    public static PyRegex compile(String pattern, int flags) {
        return compile(pattern, flags, false);
    }

    /** Python's {@code re.compile(pattern, flags)} for a bytes pattern, given as Latin-1 text. */
    public static PyRegex compileBytes(String latin1Pattern, int flags) {
        return compile(latin1Pattern, flags | ASCII, true);
    }

    private static PyRegex compile(String py, int flags, boolean bytes) {
        PyRegexSyntax.Translation t = PyRegexSyntax.translate(py, flags, bytes);
        int all = t.flags();
        int java = Pattern.UNIX_LINES; // like Python, only \n ends a line for '.', '^' and '$'
        if ((all & IGNORECASE) != 0) java |= Pattern.CASE_INSENSITIVE;
        if ((all & MULTILINE) != 0) java |= Pattern.MULTILINE;
        if ((all & DOTALL) != 0) java |= Pattern.DOTALL;
        if ((all & VERBOSE) != 0) java |= Pattern.COMMENTS;
        if ((all & ASCII) == 0) java |= Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE;
        try {
            return new PyRegex(py, Pattern.compile(t.java(), java), all, t.names());
        } catch (PatternSyntaxException e) {
            throw new Invalid("invalid regular expression '" + py + "': " + e.getDescription());
        }
    }

    /** The pattern as the user wrote it. */
    public String source() {
        return source;
    }

    /** The compiled Java pattern, for callers that walk matches themselves. */
    public Pattern pattern() {
        return pattern;
    }

    /** The flags in effect, Python's values: those passed in plus global inline flags such as a leading {@code (?m)}. */
    public int flags() {
        return flags;
    }

    /** The Java name of Python group {@code name}, for {@link Matcher#start(String)}; null when there is none. */
    public String javaGroup(String name) {
        return names.get(name);
    }

    /** {@code re.search}: the first match anywhere, or null. */
    public Matcher search(String s) {
        Matcher m = pattern.matcher(s);
        return m.find() ? m : null;
    }

    /** {@code re.match}: a match at the start, or null. */
    public Matcher match(String s) {
        Matcher m = pattern.matcher(s);
        return m.lookingAt() ? m : null;
    }

    /** {@code re.fullmatch}: a match of the whole string, or null. */
    public Matcher fullmatch(String s) {
        Matcher m = pattern.matcher(s);
        return m.matches() ? m : null;
    }

    /** {@code re.sub(pattern, repl, s, count)}; count 0 replaces all. */
    public String sub(String s, String repl, int count) {
        return subn(s, repl, count).text();
    }

    /** The result of {@code re.subn}: the new text and how many replacements were made. */
    public record Substitution(String text, int count) {}

    /** {@code re.subn(pattern, repl, s, count)}: empty matches next to a previous match are replaced too, as in Python 3.7+. */
    public Substitution subn(String s, String repl, int count) {
        Matcher m = pattern.matcher(s);
        StringBuilder sb = new StringBuilder();
        int last = 0;
        int n = 0;
        while ((count <= 0 || n < count) && m.find()) {
            sb.append(s, last, m.start()).append(expand(m, repl));
            last = m.end();
            n++;
        }
        return new Substitution(sb.append(s, last, s.length()).toString(), n);
    }

    /** {@code re.findall}: the whole matches, the single group, or a list of the groups per match. */
    public List<Object> findall(String s) {
        List<Object> out = new ArrayList<>();
        Matcher m = pattern.matcher(s);
        while (m.find()) {
            if (m.groupCount() == 0) out.add(m.group());
            else if (m.groupCount() == 1) out.add(nullToEmpty(m.group(1)));
            else {
                List<Object> groups = new ArrayList<>();
                for (int g = 1; g <= m.groupCount(); g++) groups.add(nullToEmpty(m.group(g)));
                out.add(new Tuple(groups.toArray()));
            }
        }
        return out;
    }

    /** {@code match.group(ref)} by number or Python name; null for a group that did not take part. */
    public String group(Matcher m, String ref) {
        if (!ref.isEmpty() && ref.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int g = Integer.parseInt(ref);
            if (g > m.groupCount()) throw new Invalid("invalid group reference " + g);
            return m.group(g);
        }
        String javaName = names.get(ref);
        if (javaName == null) throw new Invalid("unknown group name '" + ref + "'");
        return m.group(javaName);
    }

    /**
     * Python's {@code match.expand(template)}, the replacement syntax of {@code re.sub}: {@code \1}..{@code \99},
     * {@code \g<1>}, {@code \g<name>}, octal {@code \0} / {@code \141}, and the escapes {@code \n \t \r \f \v \a \b \\}.
     * A group that did not take part is empty; an unknown escape of an ASCII letter is an error, any other escape stays
     * as written.
     */
    public String expand(Matcher m, String template) {
        StringBuilder out = new StringBuilder();
        int len = template.length();
        for (int i = 0; i < len; i++) {
            char c = template.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 == len) throw badReplacement(template, "bad escape (end of pattern)");
            char n = template.charAt(++i);
            if (n == 'g') {
                int end = template.indexOf('>', i);
                if (i + 1 >= len || template.charAt(i + 1) != '<' || end < 0) {
                    throw badReplacement(template, "missing group name");
                }
                out.append(nullToEmpty(group(m, template.substring(i + 2, end))));
                i = end;
            } else if (n == '0') {
                int end = i + 1;
                while (end < len && end < i + 3 && isOctal(template.charAt(end))) end++;
                out.append((char) Integer.parseInt(template.substring(i, end), 8));
                i = end - 1;
            } else if (n >= '1' && n <= '9') {
                boolean octal = i + 2 < len && isOctal(n) && isOctal(template.charAt(i + 1)) && isOctal(template.charAt(i + 2));
                if (octal) {
                    int value = Integer.parseInt(template.substring(i, i + 3), 8);
                    if (value > 0377) throw badReplacement(template, "octal escape value \\" + template.substring(i, i + 3) + " outside of range 0-0o377");
                    out.append((char) value);
                    i += 2;
                } else {
                    int end = i + 1;
                    if (end < len && Character.isDigit(template.charAt(end)) && template.charAt(end) < 128) end++;
                    out.append(nullToEmpty(group(m, template.substring(i, end))));
                    i = end - 1;
                }
            } else {
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'f' -> out.append('\f');
                    case 'v' -> out.append('\u000b');
                    case 'a' -> out.append('\u0007');
                    case 'b' -> out.append('\b');
                    case '\\' -> out.append('\\');
                    default -> {
                        if (n < 128 && Character.isLetter(n)) throw badReplacement(template, "bad escape \\" + n);
                        out.append('\\').append(n);
                    }
                }
            }
        }
        return out.toString();
    }

    private static Invalid badReplacement(String template, String why) {
        return new Invalid("invalid replacement '" + template + "': " + why);
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public String toString() {
        return source;
    }

    /** A pattern or replacement Python's {@code re} would reject (its {@code re.error}). */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }
}
