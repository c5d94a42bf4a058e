package dev.opsctl.exec;

import java.util.Map;

/**
 * The connection variables Ansible adds to every task's variables when nothing else defines them (its
 * {@code PlayContext.update_vars}, run before a task's {@code when:}): roles test {@code ansible_connection} to skip
 * work inside containers, and read {@code ansible_host} for the address. They are the lowest level: an inventory or
 * play variable of the same name wins.
 */
final class ConnectionMagic {
    private ConnectionMagic() {}

    /** Adds the variables {@code vars} lacks; {@code local} for a host reached through the local connection. */
    static void addMissing(Map<String, Object> vars, boolean local) {
        vars.putIfAbsent("ansible_connection", local ? "local" : "ssh");
        Object address = vars.containsKey("ansible_host") ? vars.get("ansible_host") : vars.get("inventory_hostname");
        if (address != null) {
            vars.putIfAbsent("ansible_host", address);
            vars.putIfAbsent("ansible_ssh_host", address);
        }
        vars.putIfAbsent("ansible_shell_executable", "/bin/sh");
    }
}
