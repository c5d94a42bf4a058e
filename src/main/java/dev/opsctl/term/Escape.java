package dev.opsctl.term;

/**
 * Makes a value safe to print on one line of text output: control characters, newlines and the Unicode controls that
 * reorder text show as escapes ({@code \n}, {@code \x1b}, {@code \u202e}), so a file name or value can never move the
 * cursor, colour the screen, or print a line that looks like part of the plan.
 */
public final class Escape {
    private Escape() {}

    /** {@code value} with every control character escaped; a backslash before one stays as it is. */
    public static String text(String value) {
        if (value == null) return "null";
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String esc = escape(c);
            if (esc == null) {
                if (out != null) out.append(c);
                continue;
            }
            if (out == null) out = new StringBuilder(value.length() + 8).append(value, 0, i);
            out.append(esc);
        }
        return out == null ? value : out.toString();
    }

    private static String escape(char c) {
        switch (c) {
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return null;
            default: break;
        }
        if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) return String.format("\\x%02x", (int) c);
        // Bidirectional overrides and isolates, and line/paragraph separators: they make text read differently.
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
                || c == 0x200e || c == 0x200f || c == 0x061c) {
            return String.format("\\u%04x", (int) c);
        }
        return null;
    }
}
