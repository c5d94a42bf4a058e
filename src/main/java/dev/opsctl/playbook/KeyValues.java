package dev.opsctl.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's {@code key=value} argument strings ({@code file: path=/x state=directory}, {@code command: ls creates=/y}):
 * split on white space outside quotes and outside {@code {{ }}} / {@code {% %}}, as Ansible's split_args does.
 */
public final class KeyValues {
    private KeyValues() {}

    /**
     * Parses {@code text}. With {@code freeForm}, only keys in {@code rawKeys} are taken as arguments and
     * everything else, as written, becomes {@code _raw_params}; otherwise every word must be key=value.
     *
     * @throws IllegalArgumentException naming the first word that is not key=value
     */
    public static Map<String, Object> parse(String text, boolean freeForm, Set<String> rawKeys) {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> raw = new ArrayList<>();
        for (String split : split(text)) {
            String word = split.endsWith("\n") ? split.substring(0, split.length() - 1) : split;
            int eq = word.indexOf('=');
            String key = eq > 0 ? word.substring(0, eq) : null;
            boolean isKv = key != null && key.matches("[A-Za-z_][A-Za-z0-9_]*") && (!freeForm || rawKeys.contains(key));
            if (isKv) {
                out.put(key, decodeEscapes(unquote(word.substring(eq + 1))));
            } else if (freeForm) {
                raw.add(split);
            } else {
                throw new IllegalArgumentException("expected key=value, found '" + word + "'");
            }
        }
        if (!raw.isEmpty()) out.put("_raw_params", joinRaw(raw));
        return out;
    }

    /** Ansible's join_args: words of one line joined by a space, line breaks kept ({@code shell: |} scripts stay scripts). */
    private static String joinRaw(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != '\n') sb.append(' ');
            sb.append(w);
        }
        return sb.toString().stripTrailing();
    }

    /** The words of {@code text}; a word that ends a line carries the line break ({@code "\n"}) as its last character. */
    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        int jinja = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (quote == 0 && jinja == 0 && Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    words.add(cur.toString());
                    cur.setLength(0);
                }
                int last = words.size() - 1;
                if (c == '\n' && last >= 0 && !words.get(last).endsWith("\n")) words.set(last, words.get(last) + "\n");
                continue;
            }
            cur.append(c);
            if (jinja == 0 && (c == '"' || c == '\'') && (i == 0 || text.charAt(i - 1) != '\\')) {
                if (quote == 0) quote = c;
                else if (quote == c) quote = 0;
            } else if (quote == 0 && c == '{' && (next == '{' || next == '%')) {
                jinja++;
                cur.append(next);
                i++;
            } else if (quote == 0 && jinja > 0 && (c == '}' || c == '%') && next == '}') {
                jinja--;
                cur.append(next);
                i++;
            }
        }
        if (quote != 0) throw new IllegalArgumentException("unbalanced quotes in '" + text + "'");
        if (cur.length() > 0) words.add(cur.toString());
        return words;
    }

    /** Ansible decodes backslash escapes in key=value arguments ({@code content="a\\nb"} holds a newline). */
    private static String decodeEscapes(String v) {
        if (v.indexOf('\\') < 0) return v;
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c != '\\' || i + 1 >= v.length()) {
                sb.append(c);
                continue;
            }
            char n = v.charAt(++i);
            switch (n) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case '\\', '\'', '"' -> sb.append(n);
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.charAt(0) == '"' || v.charAt(0) == '\'') && v.charAt(v.length() - 1) == v.charAt(0)) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }
}
