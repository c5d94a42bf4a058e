package dev.opsctl.vault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The vault passwords of a run, in the order they were given. Decrypting tries the password whose label the
 * envelope names first, then every other one (Ansible's default, {@code vault_id_match = False}).
 */
public record Keyring(List<VaultSecret> secrets) {
    /** The label of a password given without one, and of 1.1 envelopes. */
    public static final String DEFAULT_LABEL = "default";
    public static final Keyring EMPTY = new Keyring(List.of());

    public Keyring {
        secrets = List.copyOf(secrets);
    }

    /** The decrypted bytes and the label of the password that opened them. */
    public record Opened(byte[] plaintext, String label) {}

    /** Opens vault text; {@link VaultException} says why not (no password, none matches the HMAC, a damaged body). */
    public Opened open(String text) {
        VaultText envelope = VaultText.parse(text);
        if (secrets.isEmpty()) {
            throw new VaultException("no vault password was given (use --vault-id, --vault-password-file or --ask-vault-pass)");
        }
        List<VaultSecret> order = new ArrayList<>();
        if (envelope.label() != null) secrets.stream().filter(s -> s.label().equals(envelope.label())).forEach(order::add);
        secrets.stream().filter(s -> !order.contains(s)).forEach(order::add);
        for (VaultSecret s : order) {
            byte[] plain = VaultCipher.decrypt(envelope.body(), s.password());
            if (plain != null) return new Opened(plain, s.label());
        }
        List<String> tried = order.stream().map(VaultSecret::label).distinct().toList();
        throw new VaultException("no vault password given opens it: the HMAC check failed with vault id" + (tried.size() == 1 ? " " : "s ")
                + String.join(", ", tried) + " (a wrong password, or the file was changed)");
    }

    public String openText(String text) {
        return new String(open(text).plaintext(), StandardCharsets.UTF_8);
    }

    /**
     * The password to encrypt with: the one labelled {@code encryptVaultId} when given (an error if there is none), else
     * the first (Ansible's {@code match_encrypt_secret}).
     */
    public VaultSecret forEncrypting(String encryptVaultId) {
        if (encryptVaultId != null) {
            return secrets.stream().filter(s -> s.label().equals(encryptVaultId)).findFirst()
                    .orElseThrow(() -> new VaultException("no vault password for --encrypt-vault-id " + encryptVaultId + " (known vault ids: "
                            + String.join(", ", secrets.stream().map(VaultSecret::label).toList()) + ")"));
        }
        if (secrets.isEmpty()) throw new VaultException("a vault password is needed to encrypt (use --vault-id, --vault-password-file or --ask-vault-pass)");
        return secrets.get(0);
    }

    /** Vault text of {@code plaintext} under {@code secret}, labelled with its vault id (1.2) unless that is "default" (1.1). */
    public static String encrypt(byte[] plaintext, VaultSecret secret) {
        if (VaultText.isVault(plaintext)) throw new VaultException("input is already encrypted");
        return VaultText.of(VaultCipher.encrypt(plaintext, secret.password()), secret.label()).format();
    }
}
