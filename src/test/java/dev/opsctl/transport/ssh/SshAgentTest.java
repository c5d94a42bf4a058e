package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent protocol's wire form, and one request/answer over a real Unix-domain socket. */
class SshAgentTest {
    static final byte[] ED25519_BLOB = concat(string("ssh-ed25519"), string(new byte[32]));

    @TempDir
    Path tmp;

    @Test
    void signRequestIsLengthTypeKeyDataFlags() {
        byte[] request = SshAgent.signRequest(new byte[] {1, 2}, new byte[] {3}, SshAgent.RSA_SHA2_256);
        assertThat(request).containsExactly(
                0, 0, 0, 16, 13,
                0, 0, 0, 2, 1, 2,
                0, 0, 0, 1, 3,
                0, 0, 0, 2);
    }

    @Test
    void listRequestIsTheBareType() {
        assertThat(SshAgent.message(SshAgent.REQUEST_IDENTITIES, new byte[0])).containsExactly(0, 0, 0, 1, 11);
    }

    @Test
    void rsaSha2AlgorithmsAskForTheirFlagAndOthersForNone() {
        assertThat(SshAgent.flagsFor("rsa-sha2-256")).isEqualTo(2);
        assertThat(SshAgent.flagsFor("rsa-sha2-512")).isEqualTo(4);
        assertThat(SshAgent.flagsFor("rsa-sha2-512-cert-v01@openssh.com")).isEqualTo(4);
        assertThat(SshAgent.flagsFor("ssh-ed25519")).isZero();
        assertThat(SshAgent.flagsFor("ecdsa-sha2-nistp256")).isZero();
    }

    @Test
    void identitiesAnswerGivesEachKeyWithItsTypeAndComment() throws IOException {
        byte[] rsaBlob = concat(string("ssh-rsa"), string(new byte[] {1, 0, 1}), string(new byte[] {9}));
        byte[] answer = concat(new byte[] {12}, uint32(2), string(ED25519_BLOB), string("me@laptop"), string(rsaBlob), string(""));

        List<SshAgent.Identity> keys = SshAgent.parseIdentities(answer);

        assertThat(keys).extracting(SshAgent.Identity::keyType).containsExactly("ssh-ed25519", "ssh-rsa");
        assertThat(keys).extracting(SshAgent.Identity::comment).containsExactly("me@laptop", "");
        assertThat(keys.get(1).blob()).isEqualTo(rsaBlob);
    }

    @Test
    void aBrokenIdentitiesAnswerIsAnIoErrorNotACrash() {
        assertThatThrownBy(() -> SshAgent.parseIdentities(concat(new byte[] {12}, uint32(1), string(ED25519_BLOB))))
                .isInstanceOf(IOException.class).hasMessage("ssh-agent sent a truncated key list");
        assertThatThrownBy(() -> SshAgent.parseIdentities(concat(new byte[] {12}, uint32(-1))))
                .isInstanceOf(IOException.class).hasMessage("ssh-agent announced 4294967295 keys in 5 bytes");
        assertThatThrownBy(() -> SshAgent.parseIdentities(new byte[] {5}))
                .isInstanceOf(IOException.class).hasMessage("ssh-agent answered the key list request with message type 5");
    }

    @Test
    void aSignFailureIsEmptyAndASignResponseIsTheSignatureBlob() throws IOException {
        byte[] signature = concat(string("ssh-ed25519"), string(new byte[64]));
        assertThat(SshAgent.parseSignResponse(new byte[] {5})).isEmpty();
        assertThat(SshAgent.parseSignResponse(concat(new byte[] {14}, string(signature)))).contains(signature);
    }

    @Test
    void signsOverTheSocketAndReportsARefusal() throws Exception {
        Path socket = tmp.resolve("agent.sock");
        SshAgent.Identity key = new SshAgent.Identity("ssh-ed25519", ED25519_BLOB, "k");
        byte[] signature = concat(string("ssh-ed25519"), string(new byte[64]));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            CompletableFuture<byte[]> received = answerOnce(server, concat(uint32(1 + 4 + signature.length), new byte[] {14}, string(signature)));
            assertThat(new SshAgent(socket).sign(key, "data".getBytes(StandardCharsets.UTF_8), 0)).contains(signature);
            assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(SshAgent.signRequest(ED25519_BLOB, "data".getBytes(StandardCharsets.UTF_8), 0));

            answerOnce(server, new byte[] {0, 0, 0, 1, 5});
            assertThat(new SshAgent(socket).sign(key, new byte[1], 0)).isEmpty();
        }
    }

    @Test
    void aMissingSocketIsAnIoError() {
        assertThatThrownBy(() -> new SshAgent(tmp.resolve("no-agent.sock")).identities()).isInstanceOf(IOException.class);
    }

    /** Accepts one connection, reads one framed request, writes {@code answer}; completes with the request. */
    private static CompletableFuture<byte[]> answerOnce(ServerSocketChannel server, byte[] answer) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel client = server.accept()) {
                ByteBuffer length = read(client, 4);
                byte[] body = read(client, length.getInt(0)).array();
                client.write(ByteBuffer.wrap(answer));
                return concat(length.array(), body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static ByteBuffer read(SocketChannel channel, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) throw new IOException("closed");
        }
        return buffer;
    }

    static byte[] uint32(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    static byte[] string(String s) {
        return string(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] string(byte[] bytes) {
        return concat(uint32(bytes.length), bytes);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
