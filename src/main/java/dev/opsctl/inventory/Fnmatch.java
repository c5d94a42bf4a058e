package dev.opsctl.inventory;

import java.util.regex.Pattern;

/** Python's fnmatch.translate: a shell glob as a regular expression matching the whole name. */
public final class Fnmatch {
    private Fnmatch() {}

    public static String translate(String glob) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = glob.length();
        while (i < n) {
            char c = glob.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && glob.charAt(j) == '!') j++;
                if (j < n && glob.charAt(j) == ']') j++;
                while (j < n && glob.charAt(j) != ']') j++;
                if (j >= n) {
                    re.append("\\[");
                } else {
                    re.append(characterClass(glob.substring(i, j)));
                    i = j + 1;
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.append("$").toString();
    }

    /** A [...] class; Java treats [, & and \ inside a class specially, so they are escaped. */
    private static String characterClass(String body) {
        StringBuilder out = new StringBuilder("[");
        int k = 0;
        if (body.startsWith("!")) {
            out.append('^');
            k = 1;
        } else if (body.startsWith("^")) {
            out.append("\\^");
            k = 1;
        }
        for (; k < body.length(); k++) {
            char c = body.charAt(k);
            if (c == '[' || c == '&' || c == '\\' || c == ']') out.append('\\');
            out.append(c);
        }
        return out.append(']').toString();
    }
}
