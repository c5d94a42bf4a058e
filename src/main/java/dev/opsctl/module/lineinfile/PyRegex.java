package dev.opsctl.module.lineinfile;

import dev.opsctl.module.ArgException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Python {@code re} pattern (as lineinfile uses it, on bytes) run by {@link java.util.regex}: the text is
 * Latin-1 so one char is one byte, and the few syntax differences are translated: {@code (?P<name>...)},
 * {@code (?P=name)}, {@code \Z}, and a literal {@code [} or {@code &} inside a character class. Templates use
 * Python's {@code \1} / {@code \g<1>} / {@code \g<name>} backreferences.
 */
public final class PyRegex {
    private final Pattern pattern;
    /** Python group name -> the Java name it got (Java allows only letters and digits). */
    private final Map<String, String> names;

    private PyRegex(Pattern pattern, Map<String, String> names) {
        this.pattern = pattern;
        this.names = names;
    }

    public static PyRegex compile(String argument, String python) {
        return compile(argument, python, 0);
    }

    /**
     * With extra {@link Pattern} flags: {@link Pattern#MULTILINE} (then '^' also matches at the very end after a final
     * newline, as in Python), {@link Pattern#DOTALL}, {@link Pattern#UNICODE_CHARACTER_CLASS} for Python's str patterns.
     */
    public static PyRegex compile(String argument, String python, int flags) {
        Map<String, String> names = new HashMap<>();
        String java = translate(python, names, (flags & Pattern.MULTILINE) != 0);
        try {
            // UNIX_LINES: like Python, only \n ends a line for '.' and '$'.
            return new PyRegex(Pattern.compile(java, Pattern.UNIX_LINES | flags), names);
        } catch (PatternSyntaxException e) {
            throw new ArgException("argument '" + argument + "': invalid regular expression '" + python + "': " + e.getDescription());
        }
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The Java name of Python group {@code name}, for {@link Matcher#start(String)}. */
    public String javaGroup(String name) {
        return names.get(name);
    }

    public Matcher search(String line) {
        Matcher m = pattern.matcher(line);
        return m.find() ? m : null;
    }

    private static String translate(String py, Map<String, String> names, boolean multiline) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < py.length(); i++) {
            char c = py.charAt(i);
            if (c == '\\' && i + 1 < py.length()) {
                char n = py.charAt(++i);
                out.append(n == 'Z' && !inClass ? "\\z" : "\\" + n);
            } else if (inClass) {
                if (c == ']' && !classJustOpened(py, i)) inClass = false;
                out.append(c == '[' || c == '&' ? "\\" + c : String.valueOf(c));
            } else if (c == '^' && multiline) {
                // Java's multiline '^' does not match after a final newline; Python's does.
                out.append("(?<![^\\n])");
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (py.startsWith("(?P<", i)) {
                int end = py.indexOf('>', i);
                if (end < 0) throw new ArgException("invalid group name in regular expression '" + py + "'");
                String javaName = "g" + names.size() + "n" + py.substring(i + 4, end).replaceAll("[^A-Za-z0-9]", "");
                names.put(py.substring(i + 4, end), javaName);
                out.append("(?<").append(javaName).append('>');
                i = end;
            } else if (py.startsWith("(?P=", i)) {
                int end = py.indexOf(')', i);
                String javaName = end < 0 ? null : names.get(py.substring(i + 4, end));
                if (javaName == null) throw new ArgException("unknown group reference in regular expression '" + py + "'");
                out.append("\\k<").append(javaName).append('>');
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A ']' right after '[' or '[^' is a literal in both dialects, not the end of the class. */
    private static boolean classJustOpened(String py, int i) {
        return py.charAt(i - 1) == '[' && (i < 2 || py.charAt(i - 2) != '\\')
                || py.charAt(i - 1) == '^' && i >= 2 && py.charAt(i - 2) == '[';
    }

    /** Python's {@code match.expand(template)}: group references and the usual escapes; an unmatched group is empty. */
    public String expand(Matcher m, String template) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c != '\\' || i + 1 == template.length()) {
                out.append(c);
                continue;
            }
            char n = template.charAt(++i);
            if (n == 'g') {
                int end = template.indexOf('>', i);
                if (i + 1 >= template.length() || template.charAt(i + 1) != '<' || end < 0) throw badTemplate(template);
                out.append(group(m, template.substring(i + 2, end), template));
                i = end;
            } else if (Character.isDigit(n)) {
                int end = i + 1;
                if (end < template.length() && Character.isDigit(template.charAt(end))) end++;
                out.append(group(m, template.substring(i, end), template));
                i = end - 1;
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
                        // Python rejects an unknown escape of an ASCII letter and keeps any other as written.
                        if (n < 128 && Character.isLetter(n)) throw badTemplate(template);
                        out.append('\\').append(n);
                    }
                }
            }
        }
        return out.toString();
    }

    private String group(Matcher m, String ref, String template) {
        String value;
        try {
            if (ref.matches("\\d+")) {
                value = m.group(Integer.parseInt(ref));
            } else {
                String javaName = names.get(ref);
                if (javaName == null) throw badTemplate(template);
                value = m.group(javaName);
            }
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new ArgException("argument 'line': invalid group reference in '" + template + "'");
        }
        return value == null ? "" : value;
    }

    private static ArgException badTemplate(String template) {
        return new ArgException("argument 'line': invalid backreference in '" + template + "'");
    }
}
