package dev.opsctl.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished child process: its exit code and its output (stdout and stderr interleaved). */
record ProcessRun(List<String> command, int exitCode, String output) {
    /** Runs a command to the end; output goes through a file so a chatty child never blocks on a full pipe. */
    static ProcessRun run(List<String> command, Map<String, String> env, Duration timeout) throws IOException, InterruptedException {
        Path out = Files.createTempFile("opsctl-bench-out-", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                stop(p);
                throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
            }
            return new ProcessRun(command, p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Kills a child and everything it started, by PID. */
    static void stop(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** The last lines of the output, for a failure message. */
    String tail(int lines) {
        List<String> all = output.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
