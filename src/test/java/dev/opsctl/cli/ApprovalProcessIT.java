package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.approval.SshKeygen;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged opsctl in its own process and environment, as an approver runs it: an encrypted key opened with
 * OPSCTL_KEY_PASSPHRASE, the ssh-agent named by SSH_AUTH_SOCK, and the allowed_signers file of ansible.cfg.
 */
class ApprovalProcessIT {
    @TempDir
    Path dir;

    @Test
    void encryptedKeyAndAgentApprovalsLetAThirdPersonApply() throws Exception {
        Path alice = SshKeygen.newKey(dir, "alice", "rsa", "alice's passphrase");
        Path bob = SshKeygen.newKey(dir, "bob", "ed25519", "");
        Files.writeString(dir.resolve("allowed_signers"), SshKeygen.signerLine("alice", "", alice) + SshKeygen.signerLine("bob", "", bob));
        Files.writeString(dir.resolve("ansible.cfg"), "[opsctl]\nallowed_signers = allowed_signers\n");
        Files.writeString(dir.resolve("hosts.ini"), "[production]\nlocalhost ansible_connection=local\n\n"
                + "[production:vars]\nopsctl_approvals=2\n");
        Path target = dir.resolve("app.conf");
        Files.writeString(dir.resolve("site.yml"), "- hosts: production\n  tasks:\n    - copy: content=ok dest=" + target + "\n");
        JarRun plan = JarRun.of(dir, Map.of(), "plan", "site.yml", "-i", "hosts.ini", "-o", "plan.json");
        assertThat(plan.exitCode()).as(plan.err()).isZero();

        JarRun locked = JarRun.of(dir, Map.of(), "approve", "plan.json", "--key", alice.toString(), "--principal", "alice");
        assertThat(locked.exitCode()).isEqualTo(3);
        assertThat(locked.err()).contains("is encrypted; set OPSCTL_KEY_PASSPHRASE");
        JarRun a = JarRun.of(dir, Map.of("OPSCTL_KEY_PASSPHRASE", "alice's passphrase"), "approve", "plan.json", "--key", alice.toString(),
                "--principal", "alice");
        assertThat(a.exitCode()).as(a.err()).isZero();

        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) Thread.sleep(50);
            Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
            assertThat(SshKeygen.run(new byte[0], env, "ssh-add", bob.toString()).exitCode()).isZero();
            JarRun b = JarRun.of(dir, env, "approve", "plan.json", "--principal", "bob");
            assertThat(b.exitCode()).as(b.err()).isZero();
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }

        // ssh-keygen agrees with both approvals.
        JarRun bytes = JarRun.of(dir, Map.of(), "approve", "plan.json", "--print-signed-bytes");
        var approvals = new ObjectMapper().readTree(dir.resolve("plan.json").toFile()).get("approvals");
        for (int i = 0; i < 2; i++) {
            Path sig = dir.resolve("sig" + i);
            Files.writeString(sig, approvals.get(i).get("signature").asText());
            SshKeygen.Result v = SshKeygen.verify(dir.resolve("allowed_signers"), approvals.get(i).get("principal").asText(), sig,
                    bytes.out().getBytes(StandardCharsets.US_ASCII));
            assertThat(v.exitCode()).as(v.output()).isZero();
        }

        JarRun byAlice = JarRun.of(dir, Map.of(), "apply", "plan.json", "--principal", "alice");
        assertThat(byAlice.exitCode()).as("alice cannot count her own approval").isEqualTo(5);
        assertThat(target).doesNotExist();
        JarRun byCarol = JarRun.of(dir, Map.of(), "apply", "plan.json", "--principal", "carol");
        assertThat(byCarol.exitCode()).as(byCarol.out() + byCarol.err()).isZero();
        assertThat(byCarol.out()).contains("Approved by: alice, bob");
        assertThat(Files.readString(target)).isEqualTo("ok");
    }
}
