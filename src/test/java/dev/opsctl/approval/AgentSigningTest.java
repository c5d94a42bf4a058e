package dev.opsctl.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approvals signed through a real ssh-agent: the key never leaves the agent, and ssh-keygen verifies the result. */
class AgentSigningTest {
    @TempDir
    Path dir;

    private Process agent;
    private Path socket;

    @BeforeEach
    void startAgent() throws Exception {
        socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(socket); i++) Thread.sleep(50);
        assertThat(socket).exists();
    }

    @AfterEach
    void stopAgent() throws Exception {
        agent.destroy();
        agent.waitFor(10, TimeUnit.SECONDS);
    }

    private void add(Path key) throws Exception {
        SshKeygen.Result r = SshKeygen.run(new byte[0], Map.of("SSH_AUTH_SOCK", socket.toString()), "ssh-add", key.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void agentSignedApprovalsVerifyWithSshKeygenForEd25519AndRsa() throws Exception {
        Path ed = SshKeygen.newKey(dir, "ed", "ed25519", "");
        Path rsa = SshKeygen.newKey(dir, "rsa", "rsa", "");
        add(ed);
        add(rsa);
        Path allowed = dir.resolve("allowed_signers");
        Files.writeString(allowed, SshKeygen.signerLine("ed@example.com", "", ed) + SshKeygen.signerLine("rsa@example.com", "", rsa));
        byte[] message = "{\"hosts\":[]}".getBytes(StandardCharsets.UTF_8);
        // The private halves are gone from disk: only the agent can sign.
        Files.delete(ed);
        Files.delete(rsa);

        for (String who : List.of("ed", "rsa")) {
            PlanSigner signer = PlanSigner.choose(dir.resolve(who + ".pub"), Optional.of(socket));
            assertThat(signer).isInstanceOf(PlanSigner.Agent.class);
            SshSignature sig = signer.signPlan(message);
            if (who.equals("rsa")) assertThat(sig.signatureAlgorithm()).as("SHA-512, not the agent's SHA-1 default").isEqualTo("rsa-sha2-512");
            Path sigFile = dir.resolve(who + ".sig");
            Files.writeString(sigFile, sig.armored());
            SshKeygen.Result verified = SshKeygen.verify(allowed, who + "@example.com", sigFile, message);
            assertThat(verified.exitCode()).as(verified.output()).isZero();
            ApprovalCheck.Verdict v = ApprovalCheck.check(List.of(new PlanApprovals.Approval(who + "@example.com", null, sig.armored())),
                    message, AllowedSigners.read(allowed), "someone-else", Instant.now());
            assertThat(v.approvers()).containsExactly(who + "@example.com");
        }
    }

    @Test
    void withoutKeyTheAgentsOnlyKeySignsAndSeveralKeysAreAskedToChoose() throws Exception {
        assertThatThrownBy(() -> PlanSigner.choose(null, Optional.of(socket))).hasMessageContaining("ssh-agent holds no key");
        Path ed = SshKeygen.newKey(dir, "ed", "ed25519", "");
        add(ed);
        assertThat(PlanSigner.choose(null, Optional.of(socket)).signPlan(new byte[] {1}).namespace()).isEqualTo("opsctl-plan");
        add(SshKeygen.newKey(dir, "two", "ed25519", ""));
        assertThatThrownBy(() -> PlanSigner.choose(null, Optional.of(socket))).hasMessageContaining("ssh-agent holds 2 keys")
                .hasMessageContaining("--key FILE.pub");
        Path stranger = SshKeygen.newKey(dir, "stranger", "ed25519", "");
        assertThatThrownBy(() -> PlanSigner.choose(Path.of(stranger + ".pub"), Optional.of(socket)))
                .hasMessageContaining("ssh-agent does not hold the private key of");
    }
}
