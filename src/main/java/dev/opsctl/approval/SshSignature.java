package dev.opsctl.approval;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * An OpenSSH signature (PROTOCOL.sshsig in OpenSSH's source), as {@code ssh-keygen -Y sign} writes and
 * {@code ssh-keygen -Y verify} reads it: the signer's public key, a namespace, a hash algorithm and the signature
 * over the message's hash. Only the wire format lives here; the cryptography is sshj's ({@link KeySignatures}).
 *
 * @param publicKey the signer's public key in SSH wire form
 * @param signature {@code string algorithm, string signature}, as SSH encodes a signature
 */
public record SshSignature(byte[] publicKey, String namespace, String hashAlgorithm, byte[] signature) {
    /** The namespace of every plan approval: a signature made for git commits or files cannot pass for one. */
    public static final String PLAN_NAMESPACE = "opsctl-plan";
    public static final String HASH = "sha512";

    private static final byte[] MAGIC = "SSHSIG".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final String BEGIN = "-----BEGIN SSH SIGNATURE-----";
    private static final String END = "-----END SSH SIGNATURE-----";
    /** ssh-keygen wraps its armor at 70 columns. */
    private static final int LINE = 70;

    /** What the key actually signs: the preamble, namespace, hash algorithm and the message's hash. */
    public static byte[] signedData(String namespace, String hashAlgorithm, byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        writeString(out, namespace.getBytes(StandardCharsets.UTF_8));
        writeString(out, new byte[0]);
        writeString(out, hashAlgorithm.getBytes(StandardCharsets.US_ASCII));
        writeString(out, hash(hashAlgorithm, message));
        return out.toByteArray();
    }

    /** The signature's algorithm, as its blob names it ({@code ssh-ed25519}, {@code rsa-sha2-512}, ...). */
    public String signatureAlgorithm() {
        return new String(readString(ByteBuffer.wrap(signature)), StandardCharsets.US_ASCII);
    }

    /** Whether this is a good signature over {@code message} by the key it carries (who that is, allowed_signers says). */
    public boolean signs(byte[] message) throws SignatureException {
        byte[] data = signedData(namespace, hashAlgorithm, message);
        return KeySignatures.verify(KeySignatures.fromWireForm(publicKey), signatureAlgorithm(), signature, data);
    }

    /** The binary form, before armoring. */
    public byte[] encoded() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        writeInt(out, VERSION);
        writeString(out, publicKey);
        writeString(out, namespace.getBytes(StandardCharsets.UTF_8));
        writeString(out, new byte[0]);
        writeString(out, hashAlgorithm.getBytes(StandardCharsets.US_ASCII));
        writeString(out, signature);
        return out.toByteArray();
    }

    /** The armored text {@code ssh-keygen -Y sign} writes, ending with a newline. */
    public String armored() {
        String b64 = Base64.getEncoder().encodeToString(encoded());
        StringBuilder text = new StringBuilder(BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += LINE) text.append(b64, i, Math.min(b64.length(), i + LINE)).append('\n');
        return text.append(END).append('\n').toString();
    }

    /** Reads an armored signature; anything else is refused with the reason. */
    public static SshSignature parse(String armored) throws SignatureException {
        String text = armored.strip();
        if (!text.startsWith(BEGIN) || !text.endsWith(END)) {
            throw new SignatureException("not an SSH signature (expected " + BEGIN + " ... " + END + ")");
        }
        String b64 = text.substring(BEGIN.length(), text.length() - END.length()).replaceAll("\\s+", "");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new SignatureException("an SSH signature whose base64 is damaged");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) throw new SignatureException("an SSH signature without the SSHSIG preamble");
            int version = in.getInt();
            if (version != VERSION) throw new SignatureException("an SSH signature of version " + version + " (this opsctl reads " + VERSION + ")");
            byte[] key = readString(in);
            String namespace = new String(readString(in), StandardCharsets.UTF_8);
            readString(in);
            String hash = new String(readString(in), StandardCharsets.US_ASCII);
            byte[] sig = readString(in);
            if (in.hasRemaining()) throw new SignatureException("an SSH signature with trailing bytes");
            SshSignature parsed = new SshSignature(key, namespace, hash, sig);
            parsed.signatureAlgorithm();
            return parsed;
        } catch (BufferUnderflowException e) {
            throw new SignatureException("a truncated SSH signature");
        }
    }

    /** sha256 or sha512, the two PROTOCOL.sshsig allows. */
    static byte[] hash(String algorithm, byte[] message) {
        String jdkName = switch (algorithm) {
            case "sha256" -> "SHA-256";
            case "sha512" -> "SHA-512";
            default -> throw new IllegalArgumentException("hash algorithm " + algorithm + " (SSH signatures use sha256 or sha512)");
        };
        try {
            return MessageDigest.getInstance(jdkName).digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has " + jdkName, e);
        }
    }

    static byte[] readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new BufferUnderflowException();
        byte[] bytes = new byte[n];
        in.get(bytes);
        return bytes;
    }

    static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    /** A signature that cannot be read or does not verify; the message says which and why. */
    public static final class SignatureException extends Exception {
        public SignatureException(String message) {
            super(message);
        }
    }
}
