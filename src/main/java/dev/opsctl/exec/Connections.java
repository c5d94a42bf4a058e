package dev.opsctl.exec;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.LocalConnection;
import dev.opsctl.transport.TransportException;
import java.util.Map;

/** Picks the transport a host's {@code ansible_connection} names. */
public final class Connections implements Connector {
    @Override
    public Connection open(String host, Map<String, Object> vars) throws TransportException {
        String kind = String.valueOf(vars.getOrDefault("ansible_connection", "ssh"));
        return switch (kind) {
            case "local" -> new LocalConnection(host);
            default -> throw new TransportException(host + ": unsupported ansible_connection '" + kind + "'");
        };
    }
}
