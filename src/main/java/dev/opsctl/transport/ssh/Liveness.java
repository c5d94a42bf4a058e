package dev.opsctl.transport.ssh;

import java.time.Duration;
import net.schmizz.keepalive.KeepAliveRunner;
import net.schmizz.sshj.SSHClient;

/**
 * How a host that stops answering mid-run is noticed: keep-alive requests, and the connection closed once
 * {@value #UNANSWERED} in a row go unanswered. Spaced so that this takes about {@code --timeout} (at least one second
 * apart, and never further apart than the host's keep-alive interval): a remote command then fails with the host
 * unreachable after that deadline, whether it was opening its channel (sshj alone would wait 30 s), sending content or
 * waiting for output. A command that runs long while its host answers is not cut short: only silence counts.
 */
final class Liveness {
    /** Keep-alives a host may leave unanswered before its connection counts as dead. */
    static final int UNANSWERED = 3;

    private Liveness() {}

    /** The keep-alive interval, in whole seconds, for a deadline of {@code timeout}. */
    static int intervalSeconds(Duration timeout, Duration keepAlive) {
        long spaced = Math.max(1, Math.round(timeout.toMillis() / 1000.0 / UNANSWERED));
        return (int) Math.max(1, Math.min(spaced, keepAlive.toSeconds()));
    }

    /** Sets {@code client}'s keep-alives for {@code t}; called before it connects. */
    static void watch(SSHClient client, SshTarget t) {
        client.getConnection().getKeepAlive().setKeepAliveInterval(intervalSeconds(t.connectTimeout(), t.keepAlive()));
        ((KeepAliveRunner) client.getConnection().getKeepAlive()).setMaxAliveCount(UNANSWERED);
    }

    /** The deadline {@link #watch} gives, for messages: the seconds of silence after which a host counts as gone. */
    static long deadlineSeconds(SshTarget t) {
        return (long) intervalSeconds(t.connectTimeout(), t.keepAlive()) * UNANSWERED;
    }
}
