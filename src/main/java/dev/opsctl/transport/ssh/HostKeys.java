package dev.opsctl.transport.ssh;

import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * Host key checking against an OpenSSH known_hosts file (plain, {@code [host]:port} and hashed {@code |1|}
 * entries). An unknown host is refused unless new hosts are accepted (then its key is appended);
 * a changed key is always refused.
 */
public final class HostKeys {
    static {
        JdkCrypto.use(); // before the known_hosts keys are parsed, sshj's first crypto call
    }

    private final Path file;
    private final boolean acceptNew;
    private final OpenSSHKnownHosts known;

    private HostKeys(Path file, boolean acceptNew, OpenSSHKnownHosts known) {
        this.file = file;
        this.acceptNew = acceptNew;
        this.known = known;
    }

    /** Reads {@code file} (a missing file means no host is known yet). */
    public static HostKeys load(Path file, boolean acceptNew) throws TransportException {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            // Parsed from a reader so that sshj never writes the file itself; appends go through accept().
            return new HostKeys(file, acceptNew, new OpenSSHKnownHosts(new StringReader(text)));
        } catch (IOException e) {
            throw new TransportException("cannot read known hosts file " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code ~/.ssh/known_hosts}, as OpenSSH uses. */
    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".ssh", "known_hosts");
    }

    public Path file() {
        return file;
    }

    /**
     * Checks the key a server offered. Returns why it is refused, or empty when it is accepted
     * (known, or new and appended because new hosts are accepted).
     */
    synchronized Optional<String> refusal(String name, String hostname, int port, PublicKey key) {
        String host = entryHost(hostname, port);
        List<String> expected = new ArrayList<>();
        for (KnownHostEntry e : known.entries()) {
            try {
                if (!e.appliesTo(host)) continue;
                if (e.appliesTo(KeyType.fromKey(key), host) && e.verify(key)) return Optional.empty();
                expected.add(describe(e));
            } catch (IOException ex) {
                return Optional.of(name + ": cannot check host key of " + host + ": " + ex.getMessage());
            }
        }
        String offered = fingerprint(key) + " (" + KeyType.fromKey(key) + ")";
        if (!expected.isEmpty()) {
            return Optional.of(name + ": host key changed for " + host + ": expected " + String.join(" or ", expected)
                    + ", got " + offered + "; if the change is intended, remove the old entry from " + file);
        }
        if (!acceptNew) {
            return Optional.of(name + ": host key not known: " + host + " offered " + offered + ", which is not in " + file
                    + " (check it, then add it to that file, or run with --accept-new-host-keys)");
        }
        try {
            accept(host, key);
            return Optional.empty();
        } catch (IOException ex) {
            return Optional.of(name + ": cannot record new host key of " + host + " in " + file + ": " + ex.getMessage());
        }
    }

    /** Host algorithms already known for the host, which the client then prefers (as OpenSSH does). */
    synchronized List<String> knownAlgorithms(String hostname, int port) {
        return known.findExistingAlgorithms(hostname, port);
    }

    private void accept(String host, PublicKey key) throws IOException {
        String line = host + " " + KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(blob(key));
        if (file.getParent() != null) Files.createDirectories(file.getParent());
        String prefix = Files.exists(file) && !endsWithNewline(file) ? "\n" : "";
        Files.writeString(file, prefix + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        known.entries().add(known.new EntryFactory().parseEntry(line));
    }

    private static boolean endsWithNewline(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return bytes.length == 0 || bytes[bytes.length - 1] == '\n';
    }

    /** The name a known_hosts entry uses for a host: {@code [host]:port} unless the port is 22. */
    private static String entryHost(String hostname, int port) {
        String lower = hostname.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    /** The fingerprint and type of an entry's key, read back from its line (sshj does not expose the key). */
    private static String describe(KnownHostEntry e) {
        String[] words = e.getLine().trim().split("\\s+");
        int i = words[0].startsWith("@") ? 1 : 0;
        try {
            return fingerprint(Base64.getDecoder().decode(words[i + 2])) + " (" + words[i + 1] + ")";
        } catch (RuntimeException unreadable) {
            return "the key on line \"" + e.getLine() + "\"";
        }
    }

    /** {@code SHA256:...} as OpenSSH prints it: unpadded base64 of the SHA-256 of the key blob. */
    public static String fingerprint(PublicKey key) {
        return fingerprint(blob(key));
    }

    private static String fingerprint(byte[] blob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}
