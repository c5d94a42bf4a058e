package dev.opsctl.term;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The operator's terminal, if opsctl runs on one: whether to ask questions, draw live progress and use colour.
 * Without a terminal (cron, CI, a pipe) nothing is asked and nothing is redrawn.
 */
public final class Terminal {
    private final Console console;
    private final boolean colour;

    private Terminal(Console console, boolean colour) {
        this.console = console;
        this.colour = colour;
    }

    /** None: for output that goes to a file, a pipe or a test. */
    public static Terminal none() {
        return new Terminal(null, false);
    }

    /**
     * This process's terminal: both standard input and output must be one. Colour unless {@code noColour},
     * {@code NO_COLOR} (set and not empty, see no-color.org) or {@code TERM=dumb}.
     */
    public static Terminal detect(boolean noColour, Map<String, String> env) {
        Console c = System.console();
        if (c == null) return none();
        String noColorVar = env.get("NO_COLOR");
        boolean dumb = "dumb".equals(env.get("TERM"));
        return new Terminal(c, !noColour && (noColorVar == null || noColorVar.isEmpty()) && !dumb);
    }

    public boolean interactive() {
        return console != null;
    }

    /** Whether escape sequences may be written: colour, and moving the cursor to redraw progress. */
    public boolean colour() {
        return colour;
    }

    /** Whether progress may be redrawn in place (a terminal that is not {@code TERM=dumb}). */
    public boolean redraws(Map<String, String> env) {
        return console != null && !"dumb".equals(env.get("TERM"));
    }

    /** Asks the operator; null when there is nobody to ask or the input ended. */
    public String ask(String prompt) {
        if (console == null) return null;
        String answer = console.readLine("%s", prompt);
        return answer == null ? null : answer.strip();
    }

    /** Columns and rows: from {@code stty size} on the terminal, else COLUMNS/LINES, else 80x24. */
    public int[] size(Map<String, String> env) {
        if (console != null) {
            try {
                Process p = new ProcessBuilder("sh", "-c", "stty size < /dev/tty").redirectErrorStream(true).start();
                if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    String[] rc = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\\s+");
                    if (rc.length == 2) return new int[] {Integer.parseInt(rc[1]), Integer.parseInt(rc[0])};
                }
                p.destroy();
            } catch (IOException | NumberFormatException e) {
                // fall back to the environment
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new int[] {number(env.get("COLUMNS"), 80), number(env.get("LINES"), 24)};
    }

    private static int number(String s, int otherwise) {
        try {
            return s == null ? otherwise : Math.max(20, Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
