package dev.opsctl.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The one place that turns values into POSIX shell words. Every remote command is built here;
 * never concatenate a user's value into a script by hand.
 */
public final class Shell {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Shell() {}

    /** One shell word that stands for {@code value} exactly. */
    public static String quote(String value) {
        if (!value.isEmpty() && SAFE.matcher(value).matches()) return value;
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /**
     * A path no program can read as an option: a relative path that starts with {@code -} gets {@code ./} in front
     * (it names the same file). For the tools that take no {@code --} ({@code find}, {@code cd}, {@code unzip}, ...)
     * and as a second guard where they do.
     */
    public static String operand(String path) {
        return path.startsWith("-") ? "./" + path : path;
    }

    /** {@link #operand(String)} as one quoted shell word. */
    public static String path(String path) {
        return quote(operand(path));
    }

    /** A command line: the program and its arguments, each quoted. */
    public static String command(String program, String... args) {
        StringBuilder sb = new StringBuilder(quote(program));
        for (String a : args) sb.append(' ').append(quote(a));
        return sb.toString();
    }

    /** A command line from a list of words, each quoted. */
    public static String command(List<String> words) {
        List<String> quoted = new ArrayList<>(words.size());
        for (String w : words) quoted.add(quote(w));
        return String.join(" ", quoted);
    }

    /** Commands joined with {@code &&}: the first failure stops the rest and gives the exit code. */
    public static String and(List<String> commands) {
        return String.join(" && ", commands);
    }

    /** Splits a command line into words the way a POSIX shell would for plain quoting (no expansion). */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated ' in: " + line);
                cur.append(line, i + 1, end);
                i = end;
                inWord = true;
            } else if (c == '"') {
                i++;
                for (; i < line.length() && line.charAt(i) != '"'; i++) {
                    char d = line.charAt(i);
                    if (d == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) d = line.charAt(++i);
                    cur.append(d);
                }
                if (i >= line.length()) throw new IllegalArgumentException("unterminated \" in: " + line);
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                cur.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
            } else {
                cur.append(c);
                inWord = true;
            }
        }
        if (inWord) words.add(cur.toString());
        return words;
    }
}
