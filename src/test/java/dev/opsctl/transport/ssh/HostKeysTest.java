package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeysTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownHostIsRefusedUnlessNewKeysAreAcceptedThenItIsAppended() throws Exception {
        Path file = dir.resolve("known_hosts");
        PublicKey key = rsaKey();
        assertThat(HostKeys.load(file, false).refusal("web1", "10.0.0.5", 2222, key))
                .hasValueSatisfying(m -> assertThat(m).startsWith("web1: host key not known: [10.0.0.5]:2222 offered " + HostKeys.fingerprint(key)));
        assertThat(file).doesNotExist();

        assertThat(HostKeys.load(file, true).refusal("web1", "10.0.0.5", 2222, key)).isEmpty();
        assertThat(Files.readString(file)).startsWith("[10.0.0.5]:2222 ssh-rsa AAAA");
        assertThat(HostKeys.load(file, false).refusal("web1", "10.0.0.5", 2222, key)).isEmpty();
        assertThat(HostKeys.load(file, false).refusal("web1", "10.0.0.5", 22, key)).as("another port is another host").isPresent();
    }

    @Test
    void aChangedKeyIsRefusedEvenWhenNewKeysAreAcceptedAndNamesBothFingerprints() throws Exception {
        Path file = dir.resolve("known_hosts");
        PublicKey old = rsaKey();
        PublicKey now = rsaKey();
        Files.writeString(file, "db1.example ssh-rsa " + Base64.getEncoder().encodeToString(blob(old)) + " comment\n");
        assertThat(HostKeys.load(file, true).refusal("db1", "DB1.example", 22, now)).hasValueSatisfying(m -> assertThat(m)
                .startsWith("db1: host key changed for db1.example: expected " + HostKeys.fingerprint(old) + " (ssh-rsa), got "
                        + HostKeys.fingerprint(now) + " (ssh-rsa)"));
        assertThat(Files.readString(file)).doesNotContain(Base64.getEncoder().encodeToString(blob(now)));
    }

    @Test
    void hashedEntriesMatch() throws Exception {
        Path file = dir.resolve("known_hosts");
        PublicKey key = rsaKey();
        byte[] salt = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(salt, "HmacSHA1"));
        byte[] hash = mac.doFinal("[10.1.1.1]:2200".getBytes(StandardCharsets.US_ASCII));
        Base64.Encoder b64 = Base64.getEncoder();
        Files.writeString(file, "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(hash) + " ssh-rsa " + b64.encodeToString(blob(key)) + "\n");
        assertThat(HostKeys.load(file, false).refusal("h", "10.1.1.1", 2200, key)).isEmpty();
        assertThat(HostKeys.load(file, false).refusal("h", "10.1.1.2", 2200, key)).isPresent();
    }

    @Test
    void fingerprintsLookLikeOpenSsh() throws Exception {
        assertThat(HostKeys.fingerprint(rsaKey())).matches("SHA256:[A-Za-z0-9+/]{43}");
    }

    private static PublicKey rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair().getPublic();
    }

    private static byte[] blob(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }
}
