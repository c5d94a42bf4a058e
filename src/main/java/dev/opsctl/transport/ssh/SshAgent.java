package dev.opsctl.transport.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A client of a running ssh-agent (draft-miller-ssh-agent) over its Unix-domain socket: lists the keys it holds
 * and has it sign with them, so a private key never enters this process.
 *
 * <p>Each call opens its own connection: calls then need no locking while many hosts connect at once, and an
 * agent restarted in the meantime is simply reached anew.
 *
 * @param socket the agent's socket, as {@value #SOCKET_ENV} names it
 */
record SshAgent(Path socket) {
    /** Where OpenSSH tells its clients the agent listens. */
    static final String SOCKET_ENV = "SSH_AUTH_SOCK";

    static final byte FAILURE = 5;
    static final byte REQUEST_IDENTITIES = 11;
    static final byte IDENTITIES_ANSWER = 12;
    static final byte SIGN_REQUEST = 13;
    static final byte SIGN_RESPONSE = 14;
    /** Sign flags: without one, an agent signs with an RSA key as {@code ssh-rsa} (SHA-1), which OpenSSH 8.8+ refuses. */
    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;
    /** OpenSSH's own limit (AGENT_MAX_LEN): a longer length prefix means a broken or hostile peer, not a big answer. */
    private static final int MAX_MESSAGE = 256 * 1024;

    /**
     * A key the agent holds.
     *
     * @param keyType the type its blob starts with, such as {@code ssh-ed25519} or {@code ssh-rsa}
     * @param blob the public key in wire form, as sshd matches it against authorized_keys
     */
    record Identity(String keyType, byte[] blob, String comment) {
        @Override
        public String toString() {
            return keyType() + " " + comment;
        }
    }

    /** Every key the agent holds, in the agent's order (the order {@code ssh-add} added them). */
    List<Identity> identities() throws IOException {
        return parseIdentities(call(message(REQUEST_IDENTITIES, new byte[0])));
    }

    /**
     * The agent's signature blob ({@code string algorithm, string signature}) over {@code data}, or empty when the
     * agent refuses (a confirm-on-use key the user declined, a key removed since it was listed, ...).
     */
    Optional<byte[]> sign(Identity key, byte[] data, int flags) throws IOException {
        return parseSignResponse(call(signRequest(key.blob(), data, flags)));
    }

    /** The sign flags for a {@code publickey} signature algorithm, as the agent protocol maps them. */
    static int flagsFor(String signatureAlgorithm) {
        if (signatureAlgorithm.startsWith("rsa-sha2-256")) return RSA_SHA2_256;
        if (signatureAlgorithm.startsWith("rsa-sha2-512")) return RSA_SHA2_512;
        return 0;
    }

    static byte[] signRequest(byte[] keyBlob, byte[] data, int flags) {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        writeString(payload, keyBlob);
        writeString(payload, data);
        writeInt(payload, flags);
        return message(SIGN_REQUEST, payload.toByteArray());
    }

    /** A framed message: {@code uint32 length, byte type, payload}. */
    static byte[] message(byte type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(5 + payload.length);
        writeInt(out, 1 + payload.length);
        out.write(type);
        out.writeBytes(payload);
        return out.toByteArray();
    }

    /** Parses an answer to REQUEST_IDENTITIES (the body after the length prefix). */
    static List<Identity> parseIdentities(byte[] body) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            byte type = in.get();
            if (type != IDENTITIES_ANSWER) throw new IOException("ssh-agent answered the key list request with message type " + type);
            int count = in.getInt();
            // Each key takes at least 8 bytes (two length prefixes); more than fit means a corrupt count.
            if (count < 0 || count > in.remaining() / 8) throw new IOException("ssh-agent announced " + Integer.toUnsignedString(count) + " keys in " + body.length + " bytes");
            List<Identity> keys = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] blob = readString(in);
                String keyType = utf8(readString(ByteBuffer.wrap(blob)));
                keys.add(new Identity(keyType, blob, utf8(readString(in))));
            }
            return keys;
        } catch (BufferUnderflowException e) {
            throw new IOException("ssh-agent sent a truncated key list", e);
        }
    }

    /** Parses an answer to SIGN_REQUEST: the signature blob, or empty for SSH_AGENT_FAILURE. */
    static Optional<byte[]> parseSignResponse(byte[] body) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            byte type = in.get();
            if (type == FAILURE) return Optional.empty();
            if (type != SIGN_RESPONSE) throw new IOException("ssh-agent answered the sign request with message type " + type);
            return Optional.of(readString(in));
        } catch (BufferUnderflowException e) {
            throw new IOException("ssh-agent sent a truncated signature", e);
        }
    }

    /** Sends one framed request and returns the answer's body (type byte and payload). */
    private byte[] call(byte[] request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.wrap(request);
            while (out.hasRemaining()) channel.write(out);
            ByteBuffer length = readFully(channel, ByteBuffer.allocate(4));
            int n = length.getInt();
            if (n < 1 || n > MAX_MESSAGE) throw new IOException("ssh-agent sent a message of " + Integer.toUnsignedString(n) + " bytes");
            return readFully(channel, ByteBuffer.allocate(n)).array();
        }
    }

    private static ByteBuffer readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) throw new IOException("ssh-agent closed the connection mid-answer");
        }
        return buffer.flip();
    }

    private static byte[] readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) throw new BufferUnderflowException();
        byte[] bytes = new byte[n];
        in.get(bytes);
        return bytes;
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void writeString(ByteArrayOutputStream out, byte[] bytes) {
        writeInt(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
