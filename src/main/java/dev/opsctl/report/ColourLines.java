package dev.opsctl.report;

import java.io.IOException;
import java.io.Writer;

/**
 * Colours text output line by line for a terminal: the change symbols {@code + ~ - >} of a plan, failures and
 * unreachable hosts. Values in the lines were escaped before ({@link dev.opsctl.term.Escape}), so only opsctl's own
 * line starts are ever coloured.
 */
public final class ColourLines extends Writer {
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String YELLOW = "\u001b[33m";
    private static final String RED = "\u001b[31m";
    private static final String CYAN = "\u001b[36m";
    private static final String BOLD_RED = "\u001b[1;31m";

    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    public ColourLines(Writer out) {
        this.out = out;
    }

    @Override
    public void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                out.write(colour(line.toString()));
                out.write('\n');
                line.setLength(0);
            } else {
                line.append(c);
            }
        }
    }

    /** The line with its colour; the symbol only for changes (as Terraform does), the whole line for failures. */
    static String colour(String l) {
        if (l.length() > 3 && l.startsWith("  ") && l.charAt(3) == ' ') {
            String c = switch (l.charAt(2)) {
                case '+' -> GREEN;
                case '~' -> YELLOW;
                case '-' -> RED;
                case '>' -> CYAN;
                case '!' -> BOLD_RED;
                default -> null;
            };
            if (c == BOLD_RED) return c + l + RESET;
            if (c != null) return "  " + c + l.charAt(2) + RESET + l.substring(3);
        }
        if (l.startsWith("Errors: ") || l.matches("[^ ]+: (unreachable|failed)(: .*)?")) return RED + l + RESET;
        if (l.startsWith("Stopped: ")) return YELLOW + l + RESET;
        return l;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (line.length() > 0) out.write(colour(line.toString()));
        line.setLength(0);
        out.flush();
    }
}
