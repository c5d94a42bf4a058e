package dev.opsctl.transport.ssh;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;

/**
 * SSH keys for signing something other than a login (a plan approval): a private key file, read with the same
 * passphrase handling as connections ({@value SshConnector#PASSPHRASE_ENV}, else a terminal prompt), or a key
 * held by ssh-agent, which signs without the key entering this process.
 */
public final class SigningKeys {
    private SigningKeys() {}

    /** A key the agent holds: its public key in wire form, and the comment {@code ssh-add -l} shows. */
    public record AgentKey(String keyType, byte[] blob, String comment) {}

    /** The agent's socket from {@code SSH_AUTH_SOCK}, if set. */
    public static Optional<Path> agentSocketFromEnv() {
        String value = System.getenv(SshAgent.SOCKET_ENV);
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(Path.of(value));
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    public static List<AgentKey> agentKeys(Path socket) throws IOException {
        return new SshAgent(socket).identities().stream().map(i -> new AgentKey(i.keyType(), i.blob(), i.comment())).toList();
    }

    /**
     * The agent's signature ({@code string algorithm, string signature}) over {@code data}, or empty when it refuses.
     * For an RSA key, {@code signatureAlgorithm} {@code rsa-sha2-512} asks for SHA-512 (without the flag an agent
     * signs with SHA-1).
     */
    public static Optional<byte[]> agentSign(Path socket, AgentKey key, byte[] data, String signatureAlgorithm) throws IOException {
        SshAgent agent = new SshAgent(socket);
        return agent.sign(new SshAgent.Identity(key.keyType(), key.blob(), key.comment()), data, SshAgent.flagsFor(signatureAlgorithm));
    }

    /** Reads (and decrypts) a private key file; the message of a failure says what to do. */
    public static KeyPair keyFile(Path file) throws IOException {
        String passphrase = System.getenv(SshConnector.PASSPHRASE_ENV);
        SshConnector.PassphraseFinder finder = new SshConnector.PassphraseFinder(passphrase, file);
        try (SSHClient client = new SSHClient()) {
            KeyProvider key = client.loadKeys(file.toString(), finder);
            return new KeyPair(key.getPublic(), key.getPrivate());
        } catch (IOException | RuntimeException e) {
            if (finder.asked && passphrase == null) {
                throw new IOException("private key " + file + " is encrypted; set " + SshConnector.PASSPHRASE_ENV + " to its passphrase", e);
            }
            if (finder.asked) throw new IOException("cannot decrypt private key " + file + " with the passphrase in " + SshConnector.PASSPHRASE_ENV, e);
            throw new IOException("cannot read private key " + file + ": " + e.getMessage(), e);
        }
    }
}
