package dev.opsctl.module.reboot;

import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.Facts;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Reconnectable;
import dev.opsctl.transport.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Reboots one host and waits until it is back: reads the boot id, issues the reboot, waits for the connection to
 * drop, reconnects with backoff (host key checked as on the first connection), and succeeds only when the boot id
 * changed and the test command passes, all within the reboot timeout. The {@code reboot} module and
 * {@code opsctl reboot} both reboot through this class.
 */
public final class RebootProcedure {
    private static final Duration DROP_POLL = Duration.ofSeconds(1);
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    /**
     * How it went.
     *
     * @param failure why the host is not confirmed back, or null when it rebooted and passed the test command
     * @param elapsed from issuing the reboot until the host was back (or gave up)
     * @param after   the new boot, or null when the host did not come back
     */
    public record Outcome(String failure, Duration elapsed, BootState before, BootState after) {
        public boolean rebooted() {
            return failure == null;
        }
    }

    private final RebootSpec spec;
    private final Consumer<String> progress;

    /** @param progress told each step as it happens ("connection dropped"), for a log; may ignore it */
    public RebootProcedure(RebootSpec spec, Consumer<String> progress) {
        this.spec = spec;
        this.progress = progress;
    }

    /** Reboots the host behind {@code host}; throws only when the host cannot be reached before the reboot. */
    public Outcome run(Reconnectable host) throws TransportException {
        if (host.isLocal()) {
            return new Outcome("refusing to reboot the controller itself (ansible_connection is local)", Duration.ZERO, null, null);
        }
        BootState before = boot(host.connection());
        Instant issued = Instant.now();
        Instant deadline = issued.plus(spec.rebootTimeout());
        try {
            ExecResult r = host.connection().exec(spec.script());
            if (!r.ok()) {
                String err = r.err().strip().isEmpty() ? r.out().strip() : r.err().strip();
                return new Outcome("the reboot command failed (exit " + r.exitCode() + "): " + err, since(issued), before, null);
            }
        } catch (TransportException dropped) {
            // A reboot may drop the session before the command returns.
        }
        progress.accept("reboot issued (boot id was " + before.bootId() + ")");
        if (!awaitDrop(host, deadline)) {
            return new Outcome("the connection did not drop within " + spec.rebootTimeout().toSeconds() + " s: the host did not reboot",
                    since(issued), before, null);
        }
        host.disconnect();
        progress.accept("connection dropped");
        sleep(spec.postRebootDelay(), deadline);
        String problem = "not reconnected yet";
        Duration backoff = FIRST_BACKOFF;
        while (Instant.now().isBefore(deadline) && !Thread.currentThread().isInterrupted()) {
            try {
                host.reconnect(connectTimeout(deadline));
                BootState after = boot(host.connection());
                if (after.bootId().equals(before.bootId())) {
                    problem = "reconnected, but the boot id is unchanged";
                    host.disconnect();
                } else {
                    ExecResult test = host.connection().exec(spec.testCommand());
                    if (test.ok()) {
                        progress.accept("back with boot id " + after.bootId() + " after " + since(issued).toSeconds() + " s");
                        return new Outcome(null, since(issued), before, after);
                    }
                    problem = "test_command '" + spec.testCommand() + "' failed (exit " + test.exitCode() + ")"
                            + (test.err().isBlank() ? "" : ": " + test.err().strip());
                }
            } catch (TransportException | IllegalStateException e) {
                problem = e.getMessage();
            }
            sleep(backoff, deadline);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        return new Outcome("not back within reboot_timeout " + spec.rebootTimeout().toSeconds() + " s (" + problem + ")",
                since(issued), before, null);
    }

    /** Polls the old connection until it fails: the host went down. */
    private static boolean awaitDrop(Reconnectable host, Instant deadline) {
        while (Instant.now().isBefore(deadline) && !Thread.currentThread().isInterrupted()) {
            try {
                host.connection().exec("true");
            } catch (TransportException gone) {
                return true;
            }
            sleep(DROP_POLL, deadline);
        }
        return false;
    }

    private static BootState boot(Connection conn) throws TransportException {
        Facts facts = new Facts();
        FactBatch.gather(conn, java.util.List.of(BootQuery.BOOT), facts);
        return facts.get(BootQuery.BOOT);
    }

    /** The module's connect_timeout, never beyond the deadline. */
    private Duration connectTimeout(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (spec.connectTimeout() == null) return null;
        return spec.connectTimeout().compareTo(left) < 0 ? spec.connectTimeout() : left;
    }

    private static Duration since(Instant start) {
        return Duration.between(start, Instant.now());
    }

    private static void sleep(Duration d, Instant deadline) {
        long ms = Math.min(d.toMillis(), Math.max(0, Duration.between(Instant.now(), deadline).toMillis()));
        if (ms <= 0) return;
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
