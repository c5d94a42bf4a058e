package dev.opsctl.cli;

import picocli.CommandLine.Option;

/** {@link HostAccessOptions} with {@code --timeout} as the SSH connect timeout, for plan, apply and facts. */
public final class ConnectionOptions extends HostAccessOptions {
    @Option(names = {"-T", "--timeout"}, paramLabel = "SECONDS", description = "SSH connect timeout (default: ansible.cfg's timeout, else 10).")
    void connectTimeout(int seconds) {
        timeoutSeconds = seconds;
    }

    // A field, not a setter like -T: picocli lists a class's option methods in the JVM's getDeclaredMethods order,
    // which changes from run to run, and the completion script built at package time must equal the one printed.
    @Option(names = {"-c", "--connection"}, paramLabel = "TYPE",
            description = "Connection of hosts whose inventory and play name none: ssh (default) or local (this machine, as Ansible's -c local).")
    String connection;

    @Override
    String connectionType() {
        return connection;
    }
}
