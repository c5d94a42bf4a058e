package dev.opsctl.vault;

import java.util.Arrays;

/** One vault password and the vault id (label) it was given for; never shows the password. */
public record VaultSecret(String label, byte[] password) {
    public VaultSecret {
        password = password.clone();
    }

    @Override
    public byte[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VaultSecret s && s.label.equals(label) && Arrays.equals(s.password, password);
    }

    @Override
    public int hashCode() {
        return label.hashCode();
    }

    @Override
    public String toString() {
        return "VaultSecret[label=" + label + ", password=***]";
    }
}
