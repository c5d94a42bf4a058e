package dev.opsctl.transport.access;

import dev.opsctl.diag.Source;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.template.Templater;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.Connector;
import dev.opsctl.transport.ReopenableConnection;
import dev.opsctl.transport.TransportException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How opsctl reaches a host, the same for a play, {@code opsctl facts} and {@code opsctl reboot}: the connection
 * variables ({@code ansible_host}, {@code ansible_port}, {@code ansible_user}, {@code ansible_ssh_private_key_file},
 * {@code ansible_connection}, {@code ansible_become*}, ...) rendered with the host's own variables, the connection
 * opened from them, and become chosen by {@link BecomePrecedence}.
 */
public final class HostAccess {
    private final Connector connector;
    private final Templater templater;
    private final BecomeDefaults cli;

    public HostAccess(Connector connector, Templater templater, BecomeDefaults cli) {
        this.connector = connector;
        this.templater = templater;
        this.cli = cli;
    }

    /**
     * A host's variables outside a play: its inventory variables and the magic variables that name it
     * ({@code inventory_hostname}, {@code inventory_hostname_short}, {@code group_names}, {@code groups}), which
     * connection variables may use ({@code ansible_host: "{{ inventory_hostname }}.lan"}).
     */
    public static Map<String, Object> hostVars(Inventory inventory, String host) {
        Map<String, Object> vars = new LinkedHashMap<>(inventory.hostVars(host));
        vars.put("inventory_hostname", host);
        vars.put("inventory_hostname_short", host.split("\\.", 2)[0]);
        vars.put("group_names", inventory.groupNames(host));
        vars.put("groups", inventory.groupsVar());
        return vars;
    }

    /**
     * {@code vars} with each connection variable ({@code ansible_*}, {@code opsctl_*}) that is a template rendered
     * against all of {@code vars}: the transport needs values, and inventories write {@code ansible_host: "{{ ip }}"}.
     */
    public Map<String, Object> render(Map<String, Object> vars, Source at) {
        Map<String, Object> out = new LinkedHashMap<>(vars);
        for (Map.Entry<String, Object> e : out.entrySet()) {
            String k = e.getKey();
            if ((k.startsWith("ansible_") || k.startsWith("opsctl_")) && e.getValue() instanceof String s && s.contains("{{")) {
                e.setValue(templater.render(s, out, at));
            }
        }
        return out;
    }

    /**
     * Renders the connection variables and opens the host's connection with them. {@code connectionKeyword} is the
     * play's {@code connection:} (null when it has none): as in Ansible, it is below the host's
     * {@code ansible_connection} and above {@code -c}.
     */
    public ReopenableConnection open(String host, Map<String, Object> vars, String connectionKeyword, Source at) throws TransportException {
        return ReopenableConnection.open(connector, host, render(withKeyword(vars, connectionKeyword), at));
    }

    /**
     * As {@link #open}, but the connection is opened on {@code executor} while the caller goes on (see
     * {@link ReopenableConnection#opening}); the variables are rendered here, so a bad one fails before anything starts.
     */
    public ReopenableConnection opening(String host, Map<String, Object> vars, String connectionKeyword, Source at,
                                       java.util.concurrent.Executor executor) throws TransportException {
        return ReopenableConnection.opening(connector, host, render(withKeyword(vars, connectionKeyword), at), executor);
    }

    private static Map<String, Object> withKeyword(Map<String, Object> vars, String connectionKeyword) {
        if (connectionKeyword == null || vars.get("ansible_connection") != null) return vars;
        Map<String, Object> withKeyword = new LinkedHashMap<>(vars);
        withKeyword.put("ansible_connection", connectionKeyword);
        return withKeyword;
    }

    /** Become for a command outside a play (facts, reboot): the host's {@code ansible_become*}, else the command line. */
    public Become become(Map<String, Object> renderedVars, Connection connection) {
        return BecomePrecedence.choose(renderedVars::get, null, () -> null, cli, connection.user());
    }

    /**
     * Opens a host outside a play, as {@code opsctl facts} and {@code opsctl reboot} do: its inventory and magic
     * variables rendered, then the connection, with the become the host's variables or the command line ask for.
     */
    public Opened openHost(Inventory inventory, String host) throws TransportException {
        Map<String, Object> vars = render(hostVars(inventory, host), Source.of("inventory host " + host));
        ReopenableConnection conn = ReopenableConnection.open(connector, host, vars);
        return new Opened(conn, become(vars, conn));
    }

    /** An open host and how to run as the become user on it (null: as the connection's user). */
    public record Opened(ReopenableConnection connection, Become become) implements AutoCloseable {
        /** The connection commands go through: the host's own, or through sudo. */
        public Connection commands() {
            return become == null ? connection : become.on(connection);
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    /** The connection a play's commands go through: the host's own, or through sudo. */
    public static Connection as(Connection connection, Become become) {
        return become == null ? connection : become.on(connection);
    }
}
