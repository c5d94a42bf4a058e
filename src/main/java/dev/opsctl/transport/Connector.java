package dev.opsctl.transport;

import java.util.Map;

/** Opens the connection to a host from its (rendered) connection variables. */
public interface Connector {
    Connection open(String host, Map<String, Object> vars) throws TransportException;
}
