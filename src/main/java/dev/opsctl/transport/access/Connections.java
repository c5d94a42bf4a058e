package dev.opsctl.transport.access;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.Connector;
import dev.opsctl.transport.LocalConnection;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.ssh.HostKeys;
import dev.opsctl.transport.ssh.SshConnector;
import dev.opsctl.transport.ssh.SshDefaults;
import dev.opsctl.transport.ssh.SshTargets;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks the transport a host's {@code ansible_connection} names: {@code local}, or {@code ssh}. Without one, the
 * command line's {@code -c/--connection} decides, else ssh.
 * SSH is set up on first use, so a local-only run never loads it.
 */
public final class Connections implements Connector {
    private final SshDefaults sshDefaults;
    private final Path knownHosts;
    private final boolean acceptNewHostKeys;
    private final Function<String, Map<String, Object>> inventoryVars;
    private final String defaultConnection;
    private SshConnector ssh;

    public Connections(SshDefaults sshDefaults, Path knownHosts, boolean acceptNewHostKeys,
                       Function<String, Map<String, Object>> inventoryVars) {
        this(sshDefaults, knownHosts, acceptNewHostKeys, inventoryVars, null);
    }

    /** @param defaultConnection {@code -c/--connection}: the transport of a host that names none; null for ssh */
    public Connections(SshDefaults sshDefaults, Path knownHosts, boolean acceptNewHostKeys,
                       Function<String, Map<String, Object>> inventoryVars, String defaultConnection) {
        this.defaultConnection = defaultConnection == null ? "ssh" : defaultConnection;
        this.sshDefaults = sshDefaults;
        this.knownHosts = knownHosts;
        this.acceptNewHostKeys = acceptNewHostKeys;
        this.inventoryVars = inventoryVars;
    }

    @Override
    public Connection open(String host, Map<String, Object> vars) throws TransportException {
        String kind = String.valueOf(vars.getOrDefault("ansible_connection", defaultConnection));
        switch (kind) {
            case "local":
                return new LocalConnection(host);
            case "ssh":
            case "smart":
            case "paramiko":
                try {
                    return sshConnector().connect(new SshTargets(sshDefaults, inventoryVars).resolve(host, vars));
                } catch (IllegalArgumentException e) {
                    throw new TransportException(e.getMessage(), e);
                }
            default:
                throw new TransportException(host + ": unsupported ansible_connection '" + kind + "' (use ssh or local)");
        }
    }

    @Override
    public Identity identity(String host, Map<String, Object> vars) {
        String kind = String.valueOf(vars.getOrDefault("ansible_connection", defaultConnection));
        try {
            return switch (kind) {
                case "local" -> new Identity(System.getProperty("user.name"), true);
                case "ssh", "smart", "paramiko" -> new Identity(new SshTargets(sshDefaults, inventoryVars).resolve(host, vars).user(), false);
                default -> null;
            };
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private synchronized SshConnector sshConnector() throws TransportException {
        if (ssh == null) ssh = new SshConnector(HostKeys.load(knownHosts != null ? knownHosts : HostKeys.defaultFile(), acceptNewHostKeys));
        return ssh;
    }
}
