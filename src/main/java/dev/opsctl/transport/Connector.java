package dev.opsctl.transport;

import java.util.Map;

/** Opens the connection to a host from its (rendered) connection variables. */
public interface Connector {
    Connection open(String host, Map<String, Object> vars) throws TransportException;

    /**
     * Who the connection {@link #open} would make logs in as, and whether it is the controller itself, worked out from
     * the variables without contacting the host; null when only connecting can tell (or the variables are bad: then
     * {@link #open} says why).
     */
    default Identity identity(String host, Map<String, Object> vars) {
        return null;
    }

    /** The login user of a connection, and whether it is the local one (see {@link Connection#user()}). */
    record Identity(String user, boolean local) {}
}
