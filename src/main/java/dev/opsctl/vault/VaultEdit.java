package dev.opsctl.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code opsctl vault edit} and {@code create}: the plaintext goes to a 0600 file in a private (0700) directory, the
 * editor runs on it, and the file is encrypted again only when its content changed. The plaintext is wiped on every
 * way out, a Ctrl-C included (a shutdown hook) — Ansible's CVE-2020-1740 and CVE-2020-10685 left it behind.
 */
public final class VaultEdit {
    private VaultEdit() {}

    /** Whether the edit changed the file. */
    public static boolean edit(Path file, Keyring keys, List<String> editor) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Keyring.Opened opened = keys.open(text);
        VaultText envelope = VaultText.parse(text);
        // Keep the file's own vault id (and so its format version), re-encrypting with the password that opened it.
        VaultSecret used = keys.secrets().stream().filter(s -> s.label().equals(opened.label())).findFirst().orElseThrow();
        String label = envelope.label() != null ? envelope.label() : Keyring.DEFAULT_LABEL;
        return run(file, opened.plaintext(), new VaultSecret(label, used.password()), editor, false);
    }

    /** Creates {@code file} from what the editor saves, encrypted with {@code secret}; an existing file is refused. */
    public static void create(Path file, VaultSecret secret, List<String> editor) throws IOException {
        if (Files.exists(file)) throw new VaultException(file + " exists, please use 'edit' instead");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        run(file, new byte[0], secret, editor, true);
    }

    private static boolean run(Path file, byte[] plaintext, VaultSecret secret, List<String> editor, boolean always) throws IOException {
        Path dir = Files.createTempDirectory("opsctl-vault-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Thread wipe = new Thread(() -> wipe(dir), "opsctl-vault-wipe");
        Runtime.getRuntime().addShutdownHook(wipe);
        try {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            // The same extension, so the editor highlights YAML as YAML.
            Path tmp = Files.createFile(dir.resolve("plaintext" + (dot > 0 ? name.substring(dot) : "")),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, plaintext);
            List<String> command = new ArrayList<>(editor);
            command.add(tmp.toString());
            int rc;
            try {
                rc = new ProcessBuilder(command).inheritIO().start().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VaultException("interrupted while the editor ran; " + file + " is unchanged");
            }
            if (rc != 0) throw new VaultException("the editor " + String.join(" ", editor) + " exited with " + rc + "; " + file + " is unchanged");
            byte[] edited = Files.readAllBytes(tmp);
            if (!always && Arrays.equals(edited, plaintext)) return false;
            VaultFiles.write(file, Keyring.encrypt(edited, secret).getBytes(StandardCharsets.US_ASCII));
            return true;
        } finally {
            wipe(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(wipe);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or ran already.
            }
        }
    }

    private static void wipe(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(VaultFiles::shred);
        } catch (IOException ignored) {
            // Listing failed; the delete below says whether anything is left.
        }
        try {
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // An editor's swap file may be left in a private directory; nothing else can be done.
        }
    }
}
