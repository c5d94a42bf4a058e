package dev.opsctl.transport.ssh;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;

/**
 * Ends a connection attempt that has not authenticated within its time: closes its socket, which fails whatever read
 * sshj is blocked in (the banner, a key exchange reply, an authentication reply). One daemon thread serves all hosts.
 */
final class HandshakeDeadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ssh-handshake-deadline");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> task;
    private volatile boolean expired;

    private HandshakeDeadline(SSHClient client, Duration within) {
        this.task = TIMER.schedule(() -> expire(client), Math.max(1, within.toMillis()), TimeUnit.MILLISECONDS);
    }

    static HandshakeDeadline start(SSHClient client, Duration within) {
        return new HandshakeDeadline(client, within);
    }

    private void expire(SSHClient client) {
        expired = true;
        Socket socket = client.getSocket();
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // Closing is all that is wanted; a socket that fails to close is closed enough.
        }
        SshConnector.closeQuietly(client);
    }

    /** Whether the time ran out (the attempt's failure is then the deadline's doing). */
    boolean expired() {
        return expired;
    }

    /** The attempt ended (connected or failed) in time. */
    void cancel() {
        task.cancel(false);
    }
}
