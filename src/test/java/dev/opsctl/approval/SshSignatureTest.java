package dev.opsctl.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.transport.ssh.SigningKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Signatures opsctl makes are OpenSSH's: ssh-keygen verifies them, and opsctl verifies ssh-keygen's. */
class SshSignatureTest {
    @TempDir
    Path dir;

    private final byte[] message = "{\"format\":\"opsctl-saved-plan\"}\n".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
    void ourSignatureVerifiesWithSshKeygen(String type) throws Exception {
        Path key = SshKeygen.newKey(dir, "id_" + type, type, "");
        SshSignature sig = new PlanSigner.KeyFile(key, SigningKeys.keyFile(key)).signPlan(message);
        Path sigFile = dir.resolve("sig");
        Files.writeString(sigFile, sig.armored());
        Path allowed = dir.resolve("allowed_signers");
        Files.writeString(allowed, SshKeygen.signerLine("alice@example.com", "namespaces=\"opsctl-plan\"", key));

        SshKeygen.Result ok = SshKeygen.verify(allowed, "alice@example.com", sigFile, message);
        assertThat(ok.exitCode()).as(ok.output()).isZero();
        if (type.equals("rsa")) assertThat(sig.signatureAlgorithm()).isEqualTo("rsa-sha2-512");

        byte[] changed = "{\"format\":\"opsctl-saved-plan\"} \n".getBytes(StandardCharsets.UTF_8);
        assertThat(SshKeygen.verify(allowed, "alice@example.com", sigFile, changed).exitCode()).isNotZero();
        assertThat(SshKeygen.verify(allowed, "bob@example.com", sigFile, message).exitCode()).isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
    void sshKeygenSignatureVerifiesHere(String type) throws Exception {
        Path key = SshKeygen.newKey(dir, "id_" + type, type, "");
        String armored = SshKeygen.sign(key, message, Map.of());
        SshSignature sig = SshSignature.parse(armored);
        assertThat(sig.namespace()).isEqualTo("opsctl-plan");
        assertThat(sig.armored()).as("written back as ssh-keygen wrote it").isEqualTo(armored);
        byte[] data = SshSignature.signedData(sig.namespace(), sig.hashAlgorithm(), message);
        var publicKey = KeySignatures.fromWireForm(sig.publicKey());
        assertThat(KeySignatures.verify(publicKey, sig.signatureAlgorithm(), sig.signature(), data)).isTrue();
        byte[] other = SshSignature.signedData(sig.namespace(), sig.hashAlgorithm(), "x".getBytes(StandardCharsets.UTF_8));
        assertThat(KeySignatures.verify(publicKey, sig.signatureAlgorithm(), sig.signature(), other)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void anEncryptedKeyWithoutItsPassphraseSaysHowToGiveIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("OPSCTL_KEY_PASSPHRASE") == null && System.console() == null,
                "a passphrase is set or a terminal would be asked");
        Path key = SshKeygen.newKey(dir, "locked", "ed25519", "correct horse");
        assertThatThrownBy(() -> SigningKeys.keyFile(key))
                .hasMessage("private key " + key + " is encrypted; set OPSCTL_KEY_PASSPHRASE to its passphrase");
    }

    @org.junit.jupiter.api.Test
    void damagedArmorIsRefusedWithTheReason() {
        assertThatThrownBy(() -> SshSignature.parse("hello")).hasMessageContaining("not an SSH signature");
        assertThatThrownBy(() -> SshSignature.parse("-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----"))
                .hasMessageContaining("truncated");
    }
}
