package dev.opsctl.cli;

import dev.opsctl.vault.Keyring;
import dev.opsctl.vault.Vault;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Installs the vault passwords of a parsed command line before the command loads anything. */
final class VaultPasswords {
    private VaultPasswords() {}

    /** Reads the passwords the command's {@link VaultOptions} (and Ansible's settings) name; {@code opsctl vault} reads its own. */
    static void install(CommandLine.ParseResult parsed, PrintWriter err) {
        Vault.use(Keyring.EMPTY);
        for (CommandLine c : parsed.asCommandLineList()) {
            if (c.getCommand() instanceof VaultCommand) return;
        }
        for (CommandLine c : parsed.asCommandLineList()) {
            VaultOptions options = find(c.getCommandSpec());
            if (options != null) {
                Vault.use(options.keyring(false, false, err));
                return;
            }
        }
    }

    private static VaultOptions find(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof VaultOptions v) return v;
            VaultOptions nested = find(mixin);
            if (nested != null) return nested;
        }
        return null;
    }
}
