package dev.opsctl.vault;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.secret.Secrets;
import java.nio.charset.StandardCharsets;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Where the loaders decrypt, wherever Ansible does: whole vaulted files (vars files, group_vars, inventories, copy and
 * template sources, file lookups) and inline {@code !vault} values. Everything decrypted is registered with
 * {@link Secrets}. The passwords are the run's, installed once by the command line before anything is loaded.
 */
public final class Vault {
    private static volatile Keyring keyring = Keyring.EMPTY;

    private Vault() {}

    /** Installs the run's passwords; digests of sensitive content are keyed with them. */
    public static void use(Keyring k) {
        keyring = k;
        Secrets.keyDigestsWith(k.secrets().stream().map(VaultSecret::password).toList());
    }

    public static Keyring keyring() {
        return keyring;
    }

    /**
     * A file's text, decrypted when it is vault data; every scalar of a decrypted YAML file becomes a secret. A file
     * that cannot be decrypted is an {@link InputException} naming it.
     */
    public static String fileText(String text, String file) {
        if (!VaultText.isVault(text)) return text;
        String plain = new String(open(text, Source.of(file)), StandardCharsets.UTF_8);
        Secrets.register(plain.strip());
        try {
            Secrets.registerTree(new Yaml(new SafeConstructor(new LoaderOptions())).load(plain));
        } catch (RuntimeException notYaml) {
            // Not YAML (an INI inventory, a template): the whole text is registered above.
        }
        return plain;
    }

    /** A file's bytes, decrypted when they are vault data; decrypted content is sensitive as a whole. */
    public static byte[] fileBytes(byte[] data, String file) {
        if (!VaultText.isVault(data)) return data;
        byte[] plain = open(new String(data, StandardCharsets.US_ASCII), Source.of(file));
        Secrets.registerContent(plain);
        Secrets.register(new String(plain, StandardCharsets.UTF_8).strip());
        return plain;
    }

    /** The value of an inline {@code !vault} scalar at {@code at}; it becomes a secret. */
    public static String inline(String vaultText, Source at) {
        String plain = new String(open(vaultText.strip(), at), StandardCharsets.UTF_8);
        Secrets.register(plain);
        return plain;
    }

    private static byte[] open(String text, Source at) {
        try {
            return keyring.open(text).plaintext();
        } catch (VaultException e) {
            throw new InputException(at, "cannot decrypt vaulted " + (at.line() > 0 ? "value" : "file") + ": " + e.getMessage());
        }
    }
}
