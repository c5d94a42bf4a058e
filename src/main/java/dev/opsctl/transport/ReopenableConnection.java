package dev.opsctl.transport;

import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

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

    private ReopenableConnection(Connector connector, String host, Map<String, Object> vars, Connection first) {
        this.connector = connector;
        this.host = host;
        this.vars = Map.copyOf(vars);
        this.current = first;
    }

    /** Opens the first connection to {@code host} with its rendered connection variables. */
    public static ReopenableConnection open(Connector connector, String host, Map<String, Object> vars) throws TransportException {
        Map<String, Object> nonNull = new LinkedHashMap<>(vars);
        nonNull.values().removeIf(java.util.Objects::isNull);
        return new ReopenableConnection(connector, host, nonNull, connector.open(host, nonNull));
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public ExecResult exec(String script, byte[] stdin) throws TransportException {
        Connection c = current;
        if (c == null) throw new TransportException(host + ": not connected (reconnect after the reboot failed)");
        ExecResult r = c.exec(script, stdin);
        counter.record(script, stdin, r);
        return r;
    }

    @Override
    public ExecResult exec(String script, dev.opsctl.transport.Payload input) throws TransportException {
        // faults: streamed input passes through unread
        Connection c = current;
        if (c == null) throw new TransportException(host + ": not connected (reconnect after the reboot failed)");
        ExecResult r = c.exec(script, input);
        counter.record(script, input.size(), r);
        return r;
    }

    @Override
    public ExecResult execInto(String script, Payload input, OutputStream stdout) throws TransportException {
        Connection c = current;
        if (c == null) throw new TransportException(host + ": not connected (reconnect after the reboot failed)");
        ExecResult r = c.execInto(script, input, stdout);
        counter.record(script, input.size(), r);
        return r;
    }

    @Override
    public String user() {
        Connection c = current;
        return c == null ? null : c.user();
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
        return current instanceof LocalConnection;
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
