package dev.opsctl.exec;

import dev.opsctl.facts.Facts;
import dev.opsctl.transport.Connection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What a host carries from task to task and play to play: its connection, facts, set_fact and register values. */
final class HostState {
    final String host;
    final Connection connection;
    final Facts facts = new Facts();
    /** set_fact and register values, above play and task vars in precedence. */
    final Map<String, Object> runVars = new LinkedHashMap<>();
    /** Registered names whose value is known only after apply (plan mode). */
    final Set<String> unknown = new HashSet<>();

    HostState(String host, Connection connection) {
        this.host = host;
        this.connection = connection;
    }
}
