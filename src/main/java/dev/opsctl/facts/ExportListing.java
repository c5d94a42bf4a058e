package dev.opsctl.facts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what a shell's {@code export -p} printed back into the environment it describes.
 * Shells quote differently: dash and busybox use {@code '...'}, bash in POSIX mode {@code "..."} and,
 * for control characters, {@code $'...'}; all three are understood. Reading the shell's own listing
 * costs no process, and its quoting keeps newlines and '=' in values intact.
 */
final class ExportListing {
    private final String text;
    private int pos;

    private ExportListing(String text) {
        this.text = text;
    }

    /** The exported variables that have a value, in the order listed. */
    static Map<String, String> parse(String listing) {
        List<String> words = new ExportListing(listing).words();
        Map<String, String> env = new LinkedHashMap<>();
        for (String w : words) {
            // "export"/"declare" and their flags (-x, -rx) are not assignments; a bare name is exported but unset.
            int eq = w.indexOf('=');
            if (eq <= 0 || w.startsWith("-")) continue;
            String name = w.substring(0, eq);
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) continue;
            env.put(name, w.substring(eq + 1));
        }
        return env;
    }

    private List<String> words() {
        List<String> words = new ArrayList<>();
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) pos++;
            if (pos >= text.length()) return words;
            words.add(word());
        }
    }

    private String word() {
        // Bytes, not chars: $'\377' stands for one byte, and a run of such escapes may form one UTF-8 character.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) break;
            if (c == '\'') {
                int end = text.indexOf('\'', pos + 1);
                if (end < 0) end = text.length();
                append(out, text.substring(pos + 1, end));
                pos = end + 1;
            } else if (c == '$' && pos + 1 < text.length() && text.charAt(pos + 1) == '\'') {
                pos += 2;
                ansiC(out);
            } else if (c == '"') {
                pos++;
                doubleQuoted(out);
            } else if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (next != '\n') append(out, String.valueOf(next));
                pos += 2;
            } else {
                append(out, String.valueOf(c));
                pos++;
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void doubleQuoted(ByteArrayOutputStream out) {
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') return;
            if (c == '\\' && pos < text.length() && "$`\"\\\n".indexOf(text.charAt(pos)) >= 0) {
                char next = text.charAt(pos++);
                if (next != '\n') append(out, String.valueOf(next));
            } else {
                append(out, String.valueOf(c));
            }
        }
    }

    private void ansiC(ByteArrayOutputStream out) {
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\'') return;
            if (c != '\\' || pos >= text.length()) {
                append(out, String.valueOf(c));
                continue;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'a' -> out.write(7);
                case 'b' -> out.write(8);
                case 'e', 'E' -> out.write(27);
                case 'f' -> out.write(12);
                case 'n' -> out.write('\n');
                case 'r' -> out.write('\r');
                case 't' -> out.write('\t');
                case 'v' -> out.write(11);
                case 'c' -> {
                    if (pos < text.length()) out.write(text.charAt(pos++) & 0x1f);
                }
                case 'x' -> out.write(number(16, 2));
                case 'u' -> append(out, Character.toString(number(16, 4)));
                case 'U' -> append(out, Character.toString(number(16, 8)));
                default -> {
                    if (e >= '0' && e <= '7') {
                        pos--;
                        out.write(number(8, 3));
                    } else {
                        append(out, String.valueOf(e));
                    }
                }
            }
        }
    }

    private int number(int radix, int maxDigits) {
        int start = pos;
        while (pos < text.length() && pos - start < maxDigits && Character.digit(text.charAt(pos), radix) >= 0) pos++;
        return start == pos ? 0 : Integer.parseInt(text.substring(start, pos), radix);
    }

    private static void append(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
