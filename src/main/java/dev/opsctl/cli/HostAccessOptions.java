package dev.opsctl.cli;

import dev.opsctl.config.HonouredSettings;
import dev.opsctl.template.Templater;
import dev.opsctl.transport.access.BecomeDefaults;
import dev.opsctl.transport.access.Connections;
import dev.opsctl.transport.access.HostAccess;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.transport.ssh.SshConfig;
import dev.opsctl.transport.ssh.SshDefaults;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How to reach and authenticate to hosts: keys, host key checking, become. The connect timeout's option is
 * {@link ConnectionOptions}'s {@code --timeout}, or {@code opsctl reboot --connect-timeout}.
 */
public class HostAccessOptions {
    @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "Remote user when the inventory names none.")
    String user;

    @Option(names = "--private-key", paramLabel = "FILE", description = "Private key to offer when the inventory names none.")
    Path privateKey;

    @Option(names = {"-k", "--ask-pass"}, description = "Ask for the SSH password on the terminal.")
    boolean askPass;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "Known hosts file (default ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--accept-new-host-keys",
            description = "Accept and record the key of a host not yet known. A changed key is always refused.")
    boolean acceptNewHostKeys;

    /** The connect timeout given on the command line, or null: then ansible.cfg's {@code timeout}, else 10 s. */
    Integer timeoutSeconds;

    /** {@code -c/--connection} where a command has it ({@link ConnectionOptions}); null for ssh. */
    String connectionType() {
        return null;
    }

    @Option(names = "--ssh-config", paramLabel = "FILE", description = "OpenSSH client config to honour (default ~/.ssh/config).")
    Path sshConfig;

    @Option(names = {"-K", "--ask-become-pass"}, description = "Ask for the become (sudo) password on the terminal.")
    boolean askBecomePass;

    @Option(names = "--become-user", paramLabel = "USER", description = "User to become (default root).")
    String becomeUser;

    Connections connector(Inventory inventory) {
        String connectionType = connectionType();
        if (connectionType != null && !java.util.Set.of("ssh", "smart", "paramiko", "local").contains(connectionType)) {
            throw new CliException(ExitCode.INVALID_INPUT, "--connection: '" + connectionType + "' is not supported (use ssh or local)");
        }
        SshConfig config;
        try {
            config = SshConfig.load(sshConfig != null ? sshConfig : SshConfig.defaultFile());
        } catch (IOException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot read ssh config: " + e.getMessage());
        }
        String password = askPass ? ask("SSH password: ") : null;
        // Command line, then ansible.cfg; the inventory's ansible_* variables still win per host.
        HonouredSettings cfg = HonouredSettings.current();
        SshDefaults defaults = new SshDefaults(user != null ? user : cfg.remoteUser().orElse(null),
                privateKey != null ? privateKey : cfg.privateKeyFile().orElse(null), password,
                Duration.ofSeconds(timeoutSeconds != null ? timeoutSeconds : cfg.timeout().orElse(10)), config);
        return new Connections(defaults, knownHosts, acceptNewHostKeys || HostKeyCheckingOff.accepts(cfg),
                name -> inventory.host(name).isPresent() ? inventory.hostVars(name) : null, connectionType);
    }

    /** How {@code opsctl facts} and {@code opsctl reboot} reach hosts: {@code become} is {@code -b} (null when not given). */
    HostAccess access(Inventory inventory, Boolean become) {
        return new HostAccess(connector(inventory), new Templater(), new BecomeDefaults(become, becomeUser, becomePassword()));
    }

    /** The {@code --ask-become-pass} (or ansible.cfg {@code become_ask_pass}) answer, or null. */
    String becomePassword() {
        boolean cfgAsks = !askBecomePass && HonouredSettings.current().becomeAskPass().orElse(false);
        if (cfgAsks && System.console() == null) {
            throw new CliException(ExitCode.INVALID_INPUT, "ansible.cfg sets become_ask_pass, but there is no terminal to ask on; "
                    + "set ansible_become_password (vaulted) or run on a terminal");
        }
        String password = askBecomePass || cfgAsks ? ask("BECOME password: ") : null;
        dev.opsctl.secret.Secrets.register(password);
        return password;
    }

    private static String ask(String prompt) {
        Console console = System.console();
        if (console == null) throw new CliException(ExitCode.INVALID_INPUT, prompt.replace(": ", "") + " asked for, but there is no terminal");
        char[] answer = console.readPassword("%s", prompt);
        if (answer == null) throw new CliException(ExitCode.INVALID_INPUT, "no password given");
        return new String(answer);
    }
}
