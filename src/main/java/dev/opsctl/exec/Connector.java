package dev.opsctl.exec;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.TransportException;
import java.util.Map;

/** Opens the connection to a host from its (rendered) connection variables. */
public interface Connector {
    Connection open(String host, Map<String, Object> vars) throws TransportException;
}
