package dev.opsctl.cli;

import dev.opsctl.transport.Shell;
import dev.opsctl.vault.EncryptedStrings;
import dev.opsctl.vault.Keyring;
import dev.opsctl.vault.PasswordSources;
import dev.opsctl.vault.VaultEdit;
import dev.opsctl.vault.VaultException;
import dev.opsctl.vault.VaultFiles;
import dev.opsctl.vault.VaultSecret;
import dev.opsctl.vault.VaultSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code opsctl vault}: Ansible Vault files and strings, read and written exactly as {@code ansible-vault} does (docs/vault.md). */
@Command(mixinStandardHelpOptions = true, name = "vault", description = "Encrypt, decrypt, view and edit Ansible Vault files and strings.",
        subcommands = {VaultCommand.Create.class, VaultCommand.Encrypt.class, VaultCommand.Decrypt.class, VaultCommand.View.class,
                VaultCommand.Edit.class, VaultCommand.Rekey.class, VaultCommand.EncryptString.class},
        modelTransformer = ExitCode.Listed.class)
final class VaultCommand {
    /** What every vault subcommand shares: where passwords come from, and the streams. */
    abstract static class Action implements Callable<Integer> {
        @Mixin
        VaultOptions vault = new VaultOptions();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try {
                run();
                return ExitCode.OK;
            } catch (VaultException e) {
                throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
            } catch (IOException e) {
                throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
            }
        }

        abstract void run() throws IOException;

        Keyring keys(boolean forEncrypting) {
            return vault.keyring(true, forEncrypting, spec.commandLine().getErr());
        }

        /** The password to encrypt with: {@code --encrypt-vault-id}, else the only one given (as ansible-vault insists). */
        VaultSecret encryptSecret(String encryptVaultId) {
            Keyring keys = keys(true);
            if (encryptVaultId == null && keys.secrets().size() > 1) {
                throw new VaultException("The vault-ids " + keys.secrets().stream().map(VaultSecret::label).toList()
                        + " are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id");
            }
            return keys.forEncrypting(encryptVaultId);
        }

        byte[] readInput(String file) throws IOException {
            if (file.equals("-")) return VaultOptions.readStdin().getBytes(StandardCharsets.UTF_8);
            return Files.readAllBytes(Path.of(file));
        }

        void writeOutput(byte[] data, String output, String input) throws IOException {
            String target = output != null ? output : input;
            if (target.equals("-")) {
                spec.commandLine().getOut().print(new String(data, StandardCharsets.UTF_8));
                spec.commandLine().getOut().flush();
            } else {
                VaultFiles.write(Path.of(target), data);
            }
        }

        void say(String message) {
            spec.commandLine().getErr().println(message);
        }

        static String ascii(byte[] b) {
            return new String(b, StandardCharsets.US_ASCII);
        }

        static List<String> editor() {
            String e = System.getenv("EDITOR");
            return Shell.split(e == null || e.isBlank() ? "vi" : e);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a new vaulted file in $EDITOR.")
    static final class Create extends Action {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.")
        String encryptVaultId;

        @Override
        void run() throws IOException {
            if (Files.exists(file)) throw new VaultException(file + " exists, please use 'edit' instead");
            VaultEdit.create(file, encryptSecret(encryptVaultId), editor());
        }
    }

    @Command(name = "encrypt", mixinStandardHelpOptions = true, description = "Encrypt files in place (or to --output); '-' or none reads stdin.")
    static final class Encrypt extends Action {
        @Parameters(paramLabel = "FILE", arity = "0..*")
        List<String> files = new ArrayList<>();

        @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.")
        String encryptVaultId;

        @Option(names = "--output", paramLabel = "FILE", description = "Write here instead ('-' for stdout).")
        String output;

        @Override
        void run() throws IOException {
            VaultSecret secret = encryptSecret(encryptVaultId);
            for (String f : files.isEmpty() ? List.of("-") : files) {
                writeOutput(Keyring.encrypt(readInput(f), secret).getBytes(StandardCharsets.US_ASCII), output, f);
            }
            say("Encryption successful");
        }
    }

    @Command(name = "decrypt", mixinStandardHelpOptions = true, description = "Decrypt files in place (or to --output); '-' or none reads stdin.")
    static final class Decrypt extends Action {
        @Parameters(paramLabel = "FILE", arity = "0..*")
        List<String> files = new ArrayList<>();

        @Option(names = "--output", paramLabel = "FILE", description = "Write here instead ('-' for stdout).")
        String output;

        @Override
        void run() throws IOException {
            Keyring keys = keys(false);
            for (String f : files.isEmpty() ? List.of("-") : files) writeOutput(open(keys, f), output, f);
            say("Decryption successful");
        }

        byte[] open(Keyring keys, String f) throws IOException {
            try {
                return keys.open(ascii(readInput(f))).plaintext();
            } catch (VaultException e) {
                throw new VaultException(e.getMessage() + " for " + f);
            }
        }
    }

    @Command(name = "view", mixinStandardHelpOptions = true, description = "Print the plaintext of vaulted files.")
    static final class View extends Action {
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<String> files = new ArrayList<>();

        @Override
        void run() throws IOException {
            Keyring keys = keys(false);
            for (String f : files) {
                try {
                    writeOutput(keys.open(ascii(readInput(f))).plaintext(), "-", f);
                } catch (VaultException e) {
                    throw new VaultException(e.getMessage() + " for " + f);
                }
            }
        }
    }

    @Command(name = "edit", mixinStandardHelpOptions = true, description = "Edit a vaulted file in $EDITOR; saved again only when changed.")
    static final class Edit extends Action {
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files = new ArrayList<>();

        @Override
        void run() throws IOException {
            Keyring keys = keys(false);
            for (Path f : files) {
                try {
                    if (!VaultEdit.edit(f, keys, editor())) say(f + ": unchanged, not saved");
                } catch (VaultException e) {
                    throw new VaultException(e.getMessage() + " for " + f);
                }
            }
        }
    }

    @Command(name = "rekey", mixinStandardHelpOptions = true, description = "Encrypt vaulted files again with a new password.")
    static final class Rekey extends Action {
        @Parameters(paramLabel = "FILE", arity = "1..*")
        List<Path> files = new ArrayList<>();

        @Option(names = "--new-vault-id", paramLabel = "LABEL@SOURCE", description = "The new password (and vault id).")
        String newVaultId;

        @Option(names = {"--new-vault-password-file", "--new-vault-pass-file"}, paramLabel = "FILE", description = "A file or script with the new password.")
        String newPasswordFile;

        @Override
        void run() throws IOException {
            Keyring old = keys(false);
            VaultSecret fresh = newSecret();
            for (Path f : files) {
                byte[] plain;
                try {
                    plain = old.open(Files.readString(f, StandardCharsets.US_ASCII)).plaintext();
                } catch (VaultException e) {
                    throw new VaultException(e.getMessage() + " for " + f);
                }
                VaultFiles.write(f, Keyring.encrypt(plain, fresh).getBytes(StandardCharsets.US_ASCII));
            }
            say("Rekey successful");
        }

        private VaultSecret newSecret() {
            List<String> ids = newVaultId == null ? List.of() : List.of(newVaultId);
            List<String> pwFiles = newPasswordFile == null ? List.of() : List.of(newPasswordFile);
            PasswordSources.Request r = new PasswordSources.Request(ids, pwFiles, false, true, true);
            Keyring k = PasswordSources.load(r, new VaultSettings(null, List.of()), VaultOptions::prompt, w -> say("warning: " + w));
            return k.secrets().get(0);
        }
    }

    @Command(name = "encrypt_string", aliases = "encrypt-string", mixinStandardHelpOptions = true,
            description = "Encrypt strings into '!vault |' YAML values to paste into a playbook or vars file.")
    static final class EncryptString extends Action {
        @Parameters(paramLabel = "STRING", arity = "0..*")
        List<String> strings = new ArrayList<>();

        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "Variable names, matched to the strings in order.")
        List<String> names = new ArrayList<>();

        @Option(names = "--stdin-name", paramLabel = "NAME", description = "Read the string from stdin and name it NAME.")
        String stdinName;

        @Option(names = {"-p", "--prompt"}, description = "Ask for the string (not echoed).")
        boolean prompt;

        @Option(names = "--show-input", description = "With --prompt: echo the string typed.")
        boolean showInput;

        @Option(names = "--encrypt-vault-id", paramLabel = "LABEL", description = "The vault id to encrypt with.")
        String encryptVaultId;

        @Option(names = "--output", paramLabel = "FILE", description = "Write here instead of stdout.")
        String output;

        @Override
        void run() throws IOException {
            VaultSecret secret = encryptSecret(encryptVaultId);
            List<EncryptedStrings.Plain> plains = new ArrayList<>();
            if (prompt) {
                String name = VaultOptions.prompt("Variable name (enter for no name): ");
                String value = VaultOptions.prompt(showInput ? "String to encrypt:" : "String to encrypt (hidden): ");
                if (value == null || value.isEmpty()) throw new VaultException("The plaintext provided from the prompt was empty, not encrypting");
                plains.add(new EncryptedStrings.Plain(value, "the prompt", name == null || name.isEmpty() ? null : name));
            }
            boolean fromStdin = stdinName != null || strings.contains("-") || (strings.isEmpty() && !prompt);
            if (fromStdin) {
                String in = VaultOptions.readStdin();
                if (in.isEmpty()) throw new VaultException("stdin was empty, not encrypting");
                plains.add(new EncryptedStrings.Plain(in, "stdin", stdinName));
            }
            List<String> args = strings.stream().filter(s -> !s.equals("-")).toList();
            if (args.size() > names.size() && !names.isEmpty()) {
                say("The number of --name options do not match the number of args.");
                say("The last named variable will be \"" + names.get(names.size() - 1) + "\". The rest will not have names.");
            }
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).isEmpty()) throw new VaultException("The plaintext provided from the command line args was empty, not encrypting");
                plains.add(new EncryptedStrings.Plain(args.get(i), "the command line args", i < names.size() ? names.get(i) : null));
            }
            EncryptedStrings.Output out = EncryptedStrings.format(plains, secret);
            out.notes().forEach(n -> spec.commandLine().getErr().print(n));
            writeOutput(out.yaml().getBytes(StandardCharsets.UTF_8), output == null ? "-" : output, "-");
            if (output == null) spec.commandLine().getOut().println();
            say("Encryption successful");
        }
    }
}
