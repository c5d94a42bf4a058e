package dev.opsctl.transport;

import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A host's one connection for the run, which can be opened again after a reboot with the same connection
 * variables. Execs are counted here, so {@code --stats} covers every connection the host had.
 */
public final class ReopenableConnection implements Connection, Reconnectable {
    /** Ansible's ssh connection variable for the connect timeout, in seconds (above ansible_timeout). */
    static final String TIMEOUT_VAR = "ansible_ssh_timeout";

    private final Connector connector;
    private final String host;
    private final Map<String, Object> vars;
    private final ExecCounter counter = new ExecCounter();
    private volatile Connection current;
    /** The first connection while it is still being opened (see {@link #opening}); null once awaited. */
    private CompletableFuture<Connection> pending;
    /** Who {@link #pending} logs in as: known before it is open. */
    private Connector.Identity identity;
    /** How long opening the first connection took. */
    private volatile long openNanos;

    private ReopenableConnection(Connector connector, String host, Map<String, Object> vars, Connection first) {
        this.connector = connector;
        this.host = host;
        this.vars = Map.copyOf(vars);
        this.current = first;
    }

    /** Opens the first connection to {@code host} with its rendered connection variables. */
    public static ReopenableConnection open(Connector connector, String host, Map<String, Object> vars) throws TransportException {
        Map<String, Object> nonNull = withoutNulls(vars);
        long start = System.nanoTime();
        ReopenableConnection c = new ReopenableConnection(connector, host, nonNull, connector.open(host, nonNull));
        c.openNanos = System.nanoTime() - start;
        return c;
    }

    /**
     * Starts opening the first connection to {@code host} on {@code executor} and returns at once, so the caller can
     * work out what it will ask the host meanwhile; {@link #user()} and {@link #isLocal()} answer already. The first
     * exec (or {@link #awaitOpen()}) waits for it and throws its failure. When the connector cannot tell who the
     * connection logs in as before connecting, this opens it before returning, as {@link #open} does.
     */
    public static ReopenableConnection opening(Connector connector, String host, Map<String, Object> vars, Executor executor)
            throws TransportException {
        Map<String, Object> nonNull = withoutNulls(vars);
        Connector.Identity identity = connector.identity(host, nonNull);
        if (identity == null) return open(connector, host, nonNull);
        ReopenableConnection c = new ReopenableConnection(connector, host, nonNull, null);
        c.identity = identity;
        c.pending = CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            try {
                return connector.open(host, nonNull);
            } catch (TransportException e) {
                throw new CompletionException(e);
            } finally {
                c.openNanos = System.nanoTime() - start;
            }
        }, executor);
        return c;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> vars) {
        Map<String, Object> nonNull = new LinkedHashMap<>(vars);
        nonNull.values().removeIf(java.util.Objects::isNull);
        return nonNull;
    }

    /** Waits until the first connection is open (see {@link #opening}); throws why it could not be. */
    public void awaitOpen() throws TransportException {
        CompletableFuture<Connection> p;
        synchronized (this) {
            p = pending;
        }
        if (p == null) return;
        Connection c;
        try {
            c = p.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof TransportException t) throw t;
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        } catch (java.util.concurrent.CancellationException e) {
            throw new TransportException(host + ": not connected (the run ended while connecting)", e);
        }
        synchronized (this) {
            if (pending == p) {
                current = c;
                pending = null;
            }
        }
    }

    /** How long opening the first connection took (for --stats). */
    public long openNanos() {
        return openNanos;
    }

    private Connection connected() throws TransportException {
        awaitOpen();
        Connection c = current;
        if (c == null) throw new TransportException(host + ": not connected (reconnect after the reboot failed)");
        return c;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin) throws TransportException {
        Connection c = connected();
        ExecResult r = c.exec(script, stdin);
        counter.record(script, stdin, r);
        return r;
    }

    @Override
    public ExecResult exec(String script, dev.opsctl.transport.Payload input) throws TransportException {
        // faults: streamed input passes through unread
        Connection c = connected();
        ExecResult r = c.exec(script, input);
        counter.record(script, input.size(), r);
        return r;
    }

    @Override
    public ExecResult execInto(String script, Payload input, OutputStream stdout) throws TransportException {
        Connection c = connected();
        ExecResult r = c.execInto(script, input, stdout);
        counter.record(script, input.size(), r);
        return r;
    }

    @Override
    public String user() {
        Connection c = current;
        if (c != null) return c.user();
        synchronized (this) {
            return pending != null ? identity.user() : null;
        }
    }

    @Override
    public ExecCounter counter() {
        return counter;
    }

    @Override
    public Connection connection() {
        return this;
    }

    @Override
    public synchronized void disconnect() {
        Connection c = current;
        current = null;
        if (c != null) c.close();
        // A connection still being opened is closed as soon as it is (a host that stopped before it got there).
        if (pending != null) {
            pending.thenAccept(Connection::close);
            pending = null;
        }
    }

    @Override
    public synchronized void reconnect(Duration connectTimeout) throws TransportException {
        disconnect();
        Map<String, Object> v = vars;
        if (connectTimeout != null) {
            v = new LinkedHashMap<>(vars);
            v.put(TIMEOUT_VAR, Long.toString(Math.max(1, connectTimeout.toSeconds())));
        }
        current = connector.open(host, v);
    }

    @Override
    public boolean isLocal() {
        Connection c = current;
        if (c != null) return c instanceof LocalConnection;
        synchronized (this) {
            return pending != null && identity.local();
        }
    }

    /** This connection as a task with {@code become} sees it: commands through sudo, reconnects as here. */
    public Reconnectable through(Become become) {
        if (become == null) return this;
        ReopenableConnection self = this;
        Connection viaSudo = become.on(this);
        return new Reconnectable() {
            @Override public Connection connection() { return viaSudo; }
            @Override public void disconnect() { self.disconnect(); }
            @Override public void reconnect(Duration connectTimeout) throws TransportException { self.reconnect(connectTimeout); }
            @Override public boolean isLocal() { return self.isLocal(); }
        };
    }

    @Override
    public void close() {
        disconnect();
    }
}
