package dev.opsctl.bench;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The floor: one plain OpenSSH connection running {@code true} on every host, as many at once as the tools' forks
 * (as {@code xargs -P F ssh HOST true} would). Returns the problems: hosts it could not reach.
 */
final class SshFloor {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** A host as ssh reaches it: a name for messages, a port on 127.0.0.1. */
    record Target(String name, int port) {}

    private SshFloor() {}

    static List<String> sshTrueEverywhere(List<Target> hosts, Path knownHosts, Path clientKey, int atOnce)
            throws IOException, InterruptedException {
        List<String> problems = new ArrayList<>();
        Deque<Target> waiting = new ArrayDeque<>(hosts);
        Map<Process, Target> running = new HashMap<>();
        BlockingQueue<Process> ended = new LinkedBlockingQueue<>();
        try {
            while (!waiting.isEmpty() || !running.isEmpty()) {
                while (running.size() < atOnce && !waiting.isEmpty()) {
                    Target h = waiting.poll();
                    Process p = new ProcessBuilder("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                            "-o", "UserKnownHostsFile=" + knownHosts, "-i", clientKey.toString(),
                            "-p", Integer.toString(h.port()), "root@127.0.0.1", "true")
                            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    running.put(p, h);
                    p.onExit().thenAccept(ended::add);
                }
                // Each ssh that ends makes room for the next host at once, as with xargs -P.
                Process done = ended.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                if (done == null) {
                    running.values().forEach(h -> problems.add(h.name() + ": timed out"));
                    return problems;
                }
                Target h = running.remove(done);
                if (done.exitValue() != 0) problems.add(h.name() + ": ssh exited " + done.exitValue());
            }
            return problems;
        } finally {
            for (Process p : running.keySet()) if (p.isAlive()) ProcessRun.stop(p);
        }
    }
}
