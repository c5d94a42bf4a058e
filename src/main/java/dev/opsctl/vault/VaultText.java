package dev.opsctl.vault;

import java.util.ArrayList;
import java.util.List;

/**
 * The vault envelope: a header {@code $ANSIBLE_VAULT;1.1;AES256} or {@code $ANSIBLE_VAULT;1.2;AES256;LABEL} and the
 * hex body in lines of 80 characters, ending with a newline (Ansible's {@code format_vaulttext_envelope}).
 *
 * @param label the vault id of a 1.2 envelope, or null
 */
public record VaultText(String version, String cipher, String label, String body) {
    public static final String HEADER = "$ANSIBLE_VAULT";

    /** Whether {@code text} is vault data (it starts with the header, as Ansible's {@code is_encrypted}). */
    public static boolean isVault(String text) {
        return text != null && text.startsWith(HEADER);
    }

    public static boolean isVault(byte[] data) {
        if (data == null || data.length < HEADER.length()) return false;
        for (int i = 0; i < HEADER.length(); i++) if (data[i] != HEADER.charAt(i)) return false;
        return true;
    }

    /** Parses an envelope; {@link VaultException} when it is not one Ansible could read. */
    public static VaultText parse(String text) {
        if (!isVault(text)) throw new VaultException("not vault-encrypted data (no " + HEADER + " header)");
        String[] lines = text.split("\r?\n|\r");
        String[] header = lines[0].strip().split(";");
        if (header.length < 3) throw new VaultException("the vault header '" + lines[0].strip() + "' lacks a version and cipher");
        String version = header[1].strip();
        String cipher = header[2].strip();
        if (!version.equals("1.1") && !version.equals("1.2")) throw new VaultException("vault format " + version + " is not supported (1.1 and 1.2 are)");
        if (!cipher.equals("AES256")) throw new VaultException("vault cipher " + cipher + " is not supported (AES256 is)");
        String label = header.length >= 4 ? header[3].strip() : null;
        StringBuilder body = new StringBuilder();
        for (int i = 1; i < lines.length; i++) body.append(lines[i].strip());
        return new VaultText(version, cipher, label, body.toString());
    }

    /** An envelope around {@code body}: version 1.2 with the label unless the label is null or "default". */
    public static VaultText of(String body, String label) {
        boolean labelled = label != null && !label.isEmpty() && !label.equals(Keyring.DEFAULT_LABEL);
        return new VaultText(labelled ? "1.2" : "1.1", "AES256", labelled ? label : null, body);
    }

    /** The envelope as Ansible writes it. */
    public String format() {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER + ";" + version + ";" + cipher + (label != null && version.equals("1.2") ? ";" + label : ""));
        for (int i = 0; i < body.length(); i += 80) lines.add(body.substring(i, Math.min(body.length(), i + 80)));
        return String.join("\n", lines) + "\n";
    }
}
