package dev.opsctl.vault;

/** Vault text that cannot be read: not vault data, a damaged body, a failed HMAC check, or no password that opens it. */
public final class VaultException extends RuntimeException {
    public VaultException(String message) {
        super(message);
    }
}
