package dev.opsctl.lock;

import dev.opsctl.transport.Connector;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecCounter;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import dev.opsctl.transport.TransportException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Opens connections for an apply: each host's {@link HostLock} is taken as soon as it is connected, before its facts
 * are read, and given back when the connection closes at the end of the run. A host locked by another run is waited
 * for up to the lock timeout, then fails naming the holder.
 */
public final class LockingConnector implements Connector {
    private static final Duration POLL = Duration.ofSeconds(1);

    private final Connector connector;
    private final Duration timeout;
    /** Told the host's name before the first attempt: the run shows the host as locking while it waits. */
    private final Consumer<String> locking;
    private final String runId = UUID.randomUUID().toString();
    private final String holder;
    /** Taken before each host's own lock (the PostgreSQL journal's), or null. */
    private SharedHostLock shared;

    public LockingConnector(Connector connector, Duration timeout, Consumer<String> locking) {
        this.connector = connector;
        this.timeout = timeout;
        this.locking = locking;
        this.holder = "by=" + System.getProperty("user.name") + "@" + controllerName() + " pid=" + ProcessHandle.current().pid()
                + " since=" + Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Also takes {@code lock} for each host, before the host's own lock (null: none). */
    public LockingConnector alsoLocking(SharedHostLock lock) {
        this.shared = lock;
        return this;
    }

    @Override
    public Identity identity(String host, Map<String, Object> vars) {
        return connector.identity(host, vars);
    }

    @Override
    public Connection open(String host, Map<String, Object> vars) throws TransportException {
        Connection conn = connector.open(host, vars);
        // A local connection is the controller itself, which knows its own runs; the lock is for shared hosts.
        if (conn instanceof LocalConnection) return conn;
        try {
            locking.accept(host);
            Instant giveUp = Instant.now().plus(timeout);
            boolean sharedTaken = shared == null;
            while (true) {
                String heldBy = sharedTaken ? null : shared.tryTake(host);
                sharedTaken = heldBy == null;
                HostLock.Attempt a = sharedTaken ? HostLock.tryTake(conn, runId, holder) : new HostLock.Attempt(false, heldBy);
                if (a.taken()) return new Locked(conn, host);
                if (!Instant.now().isBefore(giveUp)) {
                    throw new LockHeld(HostLock.HELD_PREFIX + (a.holder().isEmpty() ? "" : ": " + a.holder())
                            + (timeout.isZero() ? " (wait for it with --lock-timeout SECONDS)" : " (waited " + timeout.toSeconds() + "s)"));
                }
                Thread.sleep(POLL.toMillis());
            }
        } catch (TransportException | RuntimeException e) {
            conn.close();
            if (shared != null) shared.release(host);
            throw e;
        } catch (InterruptedException e) {
            conn.close();
            if (shared != null) shared.release(host);
            Thread.currentThread().interrupt();
            throw new TransportException(host + ": interrupted while waiting for the host lock");
        }
    }

    /**
     * This machine's name as uname(2) gives it, for the lock's owner line. Read from the kernel, not through
     * {@link InetAddress#getLocalHost()}: that resolves the name and waits on DNS (or fails) where the name is
     * not in /etc/hosts, as on a freshly installed or containerised machine.
     */
    public static String controllerName() {
        try {
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) return name;
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no /proc: ask the resolver below
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }

    /** The host's connection while this run holds its lock; closing it gives the lock back. */
    private final class Locked implements Connection {
        private final Connection conn;
        /** The inventory name the shared lock was taken for. */
        private final String name;

        Locked(Connection conn, String name) {
            this.conn = conn;
            this.name = name;
        }

        @Override
        public String host() {
            return conn.host();
        }

        @Override
        public ExecResult exec(String script, byte[] stdin) throws TransportException {
            return conn.exec(script, stdin);
        }

        @Override
        public ExecResult exec(String script, dev.opsctl.transport.Payload input) throws TransportException {
            return conn.exec(script, input);
        }

        @Override
        public ExecResult execInto(String script, dev.opsctl.transport.Payload input, java.io.OutputStream stdout) throws TransportException {
            return conn.execInto(script, input, stdout);
        }

        @Override
        public String user() {
            return conn.user();
        }

        @Override
        public ExecCounter counter() {
            return conn.counter();
        }

        @Override
        public void close() {
            try {
                HostLock.release(conn, runId);
            } catch (TransportException e) {
                // The connection is gone: the lock's session is gone with it, so the next run finds it stale.
            } finally {
                conn.close();
                if (shared != null) shared.release(name);
            }
        }
    }
}
