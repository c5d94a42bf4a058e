package dev.opsctl.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A pseudo-terminal for tests: the packaged opsctl runs in a detached tmux session on a tmux server of its own
 * (its own socket), and the test reads the screen as a person would see it ({@code capture-pane}) and types into it.
 */
final class TmuxTerminal implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final Path JAR = Path.of("target/opsctl.jar").toAbsolutePath();

    private final String socket = "opsctl-it-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();

    /** Starts {@code opsctl ARGS} in {@code dir} on a {@code cols}x{@code rows} terminal; the shell prints EXIT=code after it. */
    static TmuxTerminal start(Path dir, int cols, int rows, List<String> env, String... args) throws IOException, InterruptedException {
        TmuxTerminal t = new TmuxTerminal();
        StringBuilder cmd = new StringBuilder();
        for (String e : env) cmd.append("export ").append(dev.opsctl.transport.Shell.quote(e)).append("; ");
        cmd.append(dev.opsctl.transport.Shell.quote(ProcessHandle.current().info().command().orElse("java"))).append(" -jar ")
                .append(dev.opsctl.transport.Shell.quote(JAR.toString()));
        for (String a : args) cmd.append(' ').append(dev.opsctl.transport.Shell.quote(a));
        cmd.append("; echo EXIT=$?; sleep 600");
        t.tmux("new-session", "-d", "-s", "t", "-x", String.valueOf(cols), "-y", String.valueOf(rows), "-c", dir.toString(), cmd.toString());
        return t;
    }

    /** The screen as text (no colour), trailing blank lines removed. */
    String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-t", "t").stripTrailing();
    }

    /** The screen with its escape sequences (colour). */
    String screenWithColour() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-e", "-t", "t").stripTrailing();
    }

    /** Everything printed so far, scrolled-off lines included. */
    String history() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-S", "-", "-t", "t").stripTrailing();
    }

    void type(String line) throws IOException, InterruptedException {
        tmux("send-keys", "-t", "t", "-l", line);
        tmux("send-keys", "-t", "t", "Enter");
    }

    /** Waits until the screen (with history) shows what {@code done} looks for; fails with the screen after {@code timeout}. */
    String waitFor(Predicate<String> done, Duration timeout) throws IOException, InterruptedException {
        Instant end = Instant.now().plus(timeout);
        String s = history();
        while (!done.test(s)) {
            if (Instant.now().isAfter(end)) throw new AssertionError("the terminal did not show what was expected in " + timeout + ":\n" + s);
            Thread.sleep(200);
            s = history();
        }
        return s;
    }

    /** Waits for opsctl to end; its exit code. */
    int exitCode(Duration timeout) throws IOException, InterruptedException {
        String s = waitFor(h -> h.contains("EXIT="), timeout);
        String rest = s.substring(s.lastIndexOf("EXIT=") + 5);
        return Integer.parseInt(rest.split("\\s", 2)[0]);
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not end");
        }
        if (p.exitValue() != 0) throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        return out;
    }

    /** Stops this test's own tmux server and what runs in it. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            tmux("kill-server");
        } catch (IOException alreadyGone) {
            // the server ends by itself when its last session ended
        }
    }
}
