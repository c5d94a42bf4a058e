package dev.opsctl.approval;

import dev.opsctl.transport.ssh.SigningKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Who signs an approval: a private key file, or a key held by ssh-agent (which never hands its key over). */
public sealed interface PlanSigner {
    /** The signer's public key in wire form. */
    byte[] publicKey();

    /** {@code string algorithm, string signature} over {@code data}. */
    byte[] sign(byte[] data) throws IOException;

    /** A key read from its file. */
    record KeyFile(Path file, KeyPair keys) implements PlanSigner {
        @Override
        public byte[] publicKey() {
            return KeySignatures.wireForm(keys.getPublic());
        }

        @Override
        public byte[] sign(byte[] data) {
            return KeySignatures.sign(keys.getPublic(), keys.getPrivate(), data);
        }
    }

    /** A key the agent at {@code socket} holds. */
    record Agent(Path socket, SigningKeys.AgentKey key) implements PlanSigner {
        @Override
        public byte[] publicKey() {
            return key.blob();
        }

        @Override
        public byte[] sign(byte[] data) throws IOException {
            String algorithm = KeySignatures.signatureAlgorithm(key.keyType());
            return SigningKeys.agentSign(socket, key, data, algorithm)
                    .orElseThrow(() -> new IOException("ssh-agent refused to sign with " + key.keyType() + " " + key.comment()));
        }
    }

    /** The approval signature over {@code message} (the plan's signed bytes), as {@code ssh-keygen -Y sign} makes it. */
    default SshSignature signPlan(byte[] message) throws IOException {
        byte[] data = SshSignature.signedData(SshSignature.PLAN_NAMESPACE, SshSignature.HASH, message);
        return new SshSignature(publicKey(), SshSignature.PLAN_NAMESPACE, SshSignature.HASH, sign(data));
    }

    /**
     * The signer for {@code --key} as ssh-keygen reads {@code -f}: a private key file is read (and decrypted); a
     * public key ({@code .pub}) names the agent's key to sign with. Without {@code --key}, the agent's only key.
     */
    static PlanSigner choose(Path key, Optional<Path> agentSocket) throws IOException {
        if (key != null && !isPublicKey(key)) return new KeyFile(key, SigningKeys.keyFile(key));
        Path socket = agentSocket.orElseThrow(() -> new IOException(key == null
                ? "give --key FILE (a private key), or run ssh-agent (SSH_AUTH_SOCK is not set)"
                : key + " is a public key: its private half must be in ssh-agent, and SSH_AUTH_SOCK is not set"));
        List<SigningKeys.AgentKey> held = SigningKeys.agentKeys(socket);
        if (key != null) {
            byte[] wanted = publicKeyBlob(key);
            return held.stream().filter(k -> KeySignatures.sameKey(k.blob(), wanted)).findFirst()
                    .map(k -> (PlanSigner) new Agent(socket, k))
                    .orElseThrow(() -> new IOException("ssh-agent does not hold the private key of " + key + " (ssh-add it)"));
        }
        if (held.isEmpty()) throw new IOException("ssh-agent holds no key; ssh-add one, or give --key FILE");
        if (held.size() > 1) {
            throw new IOException("ssh-agent holds " + held.size() + " keys (" + String.join(", ", held.stream()
                    .map(k -> k.keyType() + " " + k.comment()).toList()) + "); choose one with --key FILE.pub");
        }
        return new Agent(socket, held.get(0));
    }

    private static boolean isPublicKey(Path file) throws IOException {
        if (file.toString().endsWith(".pub")) return true;
        String start = new String(readStart(file), StandardCharsets.US_ASCII);
        return start.startsWith("ssh-") || start.startsWith("ecdsa-");
    }

    private static byte[] readStart(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return in.readNBytes(16);
        }
    }

    /** The key of a one-line public key file ({@code TYPE BASE64 [COMMENT]}). */
    private static byte[] publicKeyBlob(Path file) throws IOException {
        String[] fields = Files.readString(file).strip().split("\\s+");
        if (fields.length < 2) throw new IOException(file + ": expected 'KEYTYPE BASE64 [COMMENT]'");
        try {
            return Base64.getDecoder().decode(fields[1]);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the key is not valid base64");
        }
    }
}
