package dev.opsctl.cli;

import dev.opsctl.config.Environment;
import dev.opsctl.vault.Keyring;
import dev.opsctl.vault.PasswordSources;
import dev.opsctl.vault.VaultException;
import dev.opsctl.vault.VaultSettings;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Where vault passwords come from, with Ansible's options (docs/vault.md); shared by every command that reads vaulted input. */
public final class VaultOptions {
    @Option(names = "--vault-id", scope = ScopeType.INHERIT, paramLabel = "LABEL@SOURCE",
            description = "A vault password: SOURCE is 'prompt', a file or a script; repeatable.")
    List<String> vaultIds = new ArrayList<>();

    @Option(names = {"--vault-password-file", "--vault-pass-file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "A file holding the vault password, or a script printing it; repeatable.")
    List<String> passwordFiles = new ArrayList<>();

    @Option(names = {"-J", "--ask-vault-password", "--ask-vault-pass"}, scope = ScopeType.INHERIT, description = "Ask for the vault password.")
    boolean ask;

    /** The passwords these options and Ansible's settings name; failures to read one are warnings on {@code err} unless all fail. */
    Keyring keyring(boolean autoPrompt, boolean newPassword, PrintWriter err) {
        PasswordSources.Request request = new PasswordSources.Request(vaultIds, passwordFiles, ask, autoPrompt, newPassword);
        try {
            return PasswordSources.load(request, VaultSettings.read(Environment.current()), VaultOptions::prompt,
                    w -> err.println("warning: " + w));
        } catch (VaultException e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    /** As Python's getpass: the terminal without echo, else a line of stdin. */
    static String prompt(String prompt) {
        Console console = System.console();
        if (console != null) {
            char[] answer = console.readPassword("%s", prompt);
            return answer == null ? null : new String(answer);
        }
        System.err.print(prompt);
        System.err.flush();
        try {
            return StdinLines.INSTANCE.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** The rest of stdin as text (after any prompt's line). */
    static String readStdin() {
        try {
            StringBuilder all = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = StdinLines.INSTANCE.read(buf)) > 0; ) all.append(buf, 0, n);
            return all.toString();
        } catch (IOException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot read stdin: " + e.getMessage());
        }
    }

    /** One reader of stdin for every prompt, so a second prompt gets the second line. */
    private static final class StdinLines {
        static final BufferedReader INSTANCE = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    }
}
