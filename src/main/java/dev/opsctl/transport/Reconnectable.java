package dev.opsctl.transport;

import java.time.Duration;

/**
 * A host's connection that a procedure may lose on purpose (a reboot drops it) and open again; the new connection
 * is made as the first was, host key checked against the same known hosts.
 */
public interface Reconnectable {
    /** The connection commands go through now (through sudo when the task asked for become). */
    Connection connection();

    /** Closes the current connection; {@link #connection()} fails until {@link #reconnect}. */
    void disconnect();

    /** Opens a new connection, giving up after {@code connectTimeout} (null: the run's connect timeout). */
    void reconnect(Duration connectTimeout) throws TransportException;

    /** Whether the host is the controller itself ({@code ansible_connection: local}). */
    boolean isLocal();
}
