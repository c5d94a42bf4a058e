package dev.opsctl.vault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Vault passwords gathered as Ansible gathers them (ansible/cli/__init__.py, {@code setup_vault_secrets}): configured
 * identities, then each {@code --vault-id LABEL@SOURCE}, then each password file (given, then configured) as
 * {@code default@FILE}, then the prompt of {@code --ask-vault-pass}. A SOURCE is {@code prompt}, a file whose stripped
 * content is the password, or an executable whose stdout is; an executable named {@code *-client} is asked with
 * {@code --vault-id LABEL}. A source that fails is a warning when another one gave a password, else the error.
 */
public final class PasswordSources {
    /** Asks for a password without echo; null at end of input. */
    public interface Prompt {
        String ask(String prompt);
    }

    /**
     * What the command line asked for.
     *
     * @param autoPrompt    prompt when no source is given at all ({@code opsctl vault}; not plan and apply)
     * @param newPassword   the password is for encrypting: prompts ask twice
     */
    public record Request(List<String> vaultIds, List<String> passwordFiles, boolean ask, boolean autoPrompt, boolean newPassword) {}

    private static final String ASK = "prompt_ask_vault_pass";
    private static final int CLIENT_UNKNOWN_ID = 2;

    private PasswordSources() {}

    /** The {@code LABEL@SOURCE} entries in the order they are read. */
    public static List<String> slugs(Request r, VaultSettings settings) {
        List<String> slugs = new ArrayList<>(settings.identities());
        slugs.addAll(r.vaultIds());
        List<String> files = new ArrayList<>(r.passwordFiles());
        if (settings.passwordFile() != null) files.add(settings.passwordFile());
        for (String f : files) slugs.add(Keyring.DEFAULT_LABEL + "@" + f);
        if (r.ask() || (slugs.isEmpty() && r.autoPrompt())) slugs.add(Keyring.DEFAULT_LABEL + "@" + ASK);
        return slugs;
    }

    public static Keyring load(Request r, VaultSettings settings, Prompt prompt, Consumer<String> warn) {
        List<VaultSecret> secrets = new ArrayList<>();
        VaultException last = null;
        for (String slug : slugs(r, settings)) {
            int at = slug.indexOf('@');
            String label = at < 0 || slug.substring(0, at).isEmpty() ? Keyring.DEFAULT_LABEL : slug.substring(0, at);
            String source = at < 0 ? slug : slug.substring(at + 1);
            if (source.equals("prompt") || source.equals(ASK)) {
                secrets.add(new VaultSecret(label, prompted(label, source.equals(ASK), r.newPassword(), prompt)));
                continue;
            }
            try {
                secrets.add(new VaultSecret(label, fromFile(Path.of(source), label, new Keyring(secrets))));
            } catch (VaultException e) {
                warn.accept("vault password source " + source + " (vault id " + label + "): " + e.getMessage());
                last = e;
            }
        }
        if (secrets.isEmpty() && last != null) throw last;
        return new Keyring(secrets);
    }

    private static byte[] prompted(String label, boolean oldStyle, boolean confirm, Prompt prompt) {
        String first = oldStyle ? (confirm ? "New Vault password: " : "Vault password: ")
                : (confirm ? "New vault password (" + label + "): " : "Vault password (" + label + "): ");
        String answer = prompt.ask(first);
        if (answer == null) throw new VaultException("no vault password was typed for vault id " + label + " (end of input)");
        answer = answer.strip();
        if (answer.isEmpty()) throw new VaultException("Invalid vault password was provided from prompt");
        if (confirm) {
            String again = prompt.ask(oldStyle ? "Confirm New Vault password: " : "Confirm new vault password (" + label + "): ");
            if (again == null || !again.strip().equals(answer)) throw new VaultException("Passwords do not match");
        }
        return answer.getBytes(StandardCharsets.UTF_8);
    }

    /** A password file's stripped content, or an executable's stdout (a {@code *-client} is given {@code --vault-id LABEL}). */
    static byte[] fromFile(Path file, String label, Keyring earlier) {
        if (!Files.exists(file)) throw new VaultException("The vault password file " + file + " was not found");
        byte[] password;
        if (Files.isRegularFile(file) && Files.isExecutable(file)) {
            password = strip(run(file, label), false);
        } else {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new VaultException("Could not read vault password file " + file + ": " + e.getMessage());
            }
            content = strip(content, true);
            // A password file may itself be vaulted with a password given before it (Ansible allows this).
            if (VaultText.isVault(content)) content = earlier.open(new String(content, StandardCharsets.US_ASCII)).plaintext();
            password = strip(content, false);
        }
        if (password.length == 0) throw new VaultException("Invalid vault password was provided from file (" + file + ")");
        return password;
    }

    static boolean isClient(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).endsWith("-client");
    }

    private static byte[] run(Path script, String label) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        boolean client = isClient(script);
        if (client) command.addAll(List.of("--vault-id", label));
        try {
            // stderr and stdin stay the user's, so a script can ask its own questions (as with Ansible).
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            int rc = p.waitFor();
            if (client && rc == CLIENT_UNKNOWN_ID) {
                throw new VaultException("Vault password client script " + script + " did not find a secret for vault-id=" + label);
            }
            if (rc != 0) throw new VaultException("Vault password script " + script + " returned non-zero (" + rc + ")");
            return out;
        } catch (IOException e) {
            throw new VaultException("Problem running vault password script " + script + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultException("interrupted while running vault password script " + script);
        }
    }

    /** Python's {@code bytes.strip()} (all ASCII whitespace) or {@code strip(b'\r\n')}. */
    private static byte[] strip(byte[] b, boolean allWhitespace) {
        int from = 0;
        int to = b.length;
        while (from < to && stripped(b[from], allWhitespace)) from++;
        while (to > from && stripped(b[to - 1], allWhitespace)) to--;
        return Arrays.copyOfRange(b, from, to);
    }

    private static boolean stripped(byte c, boolean allWhitespace) {
        if (c == '\r' || c == '\n') return true;
        return allWhitespace && (c == ' ' || c == '\t' || c == 0x0b || c == 0x0c);
    }
}
