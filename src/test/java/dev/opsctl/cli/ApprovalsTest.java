package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.opsctl.approval.SshKeygen;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-person rule on this machine: {@code opsctl approve} signs a saved plan as ssh-keygen would, and
 * {@code apply PLAN_FILE} on hosts with {@code opsctl_approvals: 2} takes it only with two valid approvals by others.
 */
class ApprovalsTest {
    @TempDir
    Path dir;

    private Path inv;
    private Path pb;
    private Path plan;
    private Path target;
    private Path alice;
    private Path bob;
    private Path mallory;

    @BeforeEach
    void planToApprove() throws Exception {
        alice = SshKeygen.newKey(dir, "alice", "ed25519", "");
        bob = SshKeygen.newKey(dir, "bob", "rsa", "");
        Path carol = SshKeygen.newKey(dir, "carol", "ed25519", "");
        mallory = SshKeygen.newKey(dir, "mallory", "ed25519", "");
        Path signers = dir.resolve("allowed_signers");
        Files.writeString(signers, "# who may approve plans\n"
                + SshKeygen.signerLine("alice@example.com", "namespaces=\"opsctl-plan\"", alice)
                + SshKeygen.signerLine("bob@example.com", "namespaces=\"opsctl-plan\"", bob)
                + SshKeygen.signerLine("carol@example.com", "", carol));
        target = dir.resolve("app.conf");
        inv = dir.resolve("hosts.ini");
        Files.writeString(inv, """
                [production]
                localhost ansible_connection=local

                [production:vars]
                opsctl_protected=true
                opsctl_approvals=2
                opsctl_allowed_signers=SIGNERS
                """.replace("SIGNERS", signers.toString()));
        pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: production
                  tasks:
                    - name: app conf
                      copy: content="port=8080\\n" dest=TARGET
                """.replace("TARGET", target.toString()));
        plan = dir.resolve("plan.json");
        CliRun made = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "-o", plan.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
    }

    private CliRun approve(Path key, String principal) {
        return CliRun.of("approve", plan.toString(), "--key", key.toString(), "--principal", principal);
    }

    private CliRun applyAs(String principal) {
        return CliRun.of("apply", plan.toString(), "--principal", principal);
    }

    private byte[] signedBytes() {
        CliRun printed = CliRun.of("approve", plan.toString(), "--print-signed-bytes");
        assertThat(printed.exitCode()).as(printed.err()).isZero();
        return printed.out().getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> planJson() throws Exception {
        return Json.mapper().readValue(plan.toFile(), new TypeReference<Map<String, Object>>() {});
    }

    @Test
    void approvalsFromOpsctlAndSshKeygenLetAnotherPersonApply() throws Exception {
        CliRun approved = approve(alice, "alice@example.com");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("Approved " + plan + " as alice@example.com");

        // ssh-keygen accepts opsctl's approval over the bytes --print-signed-bytes gives.
        byte[] signed = signedBytes();
        @SuppressWarnings("unchecked")
        Map<String, Object> first = ((List<Map<String, Object>>) planJson().get("approvals")).get(0);
        Path sig = dir.resolve("alice.sig");
        Files.writeString(sig, (String) first.get("signature"));
        SshKeygen.Result verified = SshKeygen.verify(dir.resolve("allowed_signers"), "alice@example.com", sig, signed);
        assertThat(verified.exitCode()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Good \"opsctl-plan\" signature for alice@example.com");

        // Bob signs with ssh-keygen itself (RSA) and adds the signature; adding one leaves alice's valid.
        Path bobSig = dir.resolve("bob.sig");
        Files.writeString(bobSig, SshKeygen.sign(bob, signed, Map.of()));
        CliRun added = CliRun.of("approve", plan.toString(), "--signature", bobSig.toString(), "--principal", "bob@example.com");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(signedBytes()).isEqualTo(signed);
        assertThat(CliRun.of("show", plan.toString()).exitCode()).isZero();

        CliRun apply = applyAs("carol@example.com");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("Approved by: alice@example.com, bob@example.com");
        assertThat(Files.readString(target)).isEqualTo("port=8080\n");
    }

    @Test
    void tooFewApprovalsAreRefusedAndNothingChanges() {
        approve(alice, "alice@example.com");
        CliRun apply = applyAs("carol@example.com");
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("error: production (localhost) needs 2 approval(s) by someone other than carol@example.com; "
                + "the plan has 1 (alice@example.com)").contains("nothing was changed");
        assertThat(target).doesNotExist();
    }

    @Test
    void theAppliersOwnApprovalDoesNotCount() {
        approve(alice, "alice@example.com");
        approve(bob, "bob@example.com");
        CliRun apply = applyAs("alice@example.com");
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("approval by alice@example.com: made by the one applying (alice@example.com)");
        assertThat(target).doesNotExist();
        // The same key under another name is still the applier.
        approve(alice, "carol@example.com");
        assertThat(applyAs("alice@example.com").exitCode()).isEqualTo(5);
        assertThat(target).doesNotExist();
    }

    @Test
    void aKeyNotInAllowedSignersDoesNotCount() {
        approve(alice, "alice@example.com");
        approve(mallory, "bob@example.com");
        CliRun apply = applyAs("carol@example.com");
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("approval by bob@example.com: its key is not listed for bob@example.com in " + dir.resolve("allowed_signers"));
        assertThat(target).doesNotExist();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPlanChangedAfterApprovalIsRefused() throws Exception {
        approve(alice, "alice@example.com");
        approve(bob, "bob@example.com");
        // Rewrite what the step uploads and every digest over it: the file reads as a sound saved plan again.
        Map<String, Object> root = planJson();
        List<Object> hosts = (List<Object>) root.get("hosts");
        Map<String, Object> step = ((List<Map<String, Object>>) ((List<Map<String, Object>>) ((Map<String, Object>) hosts.get(0))
                .get("tasks")).get(0).get("steps")).get(0);
        step.put("content", "port=6666\n");
        step.put("content_digest", FactDigest.sha256("port=6666\n"));
        root.put("hosts_sha256", FactDigest.sha256(FactDigest.canonicalJson(hosts)));
        Files.writeString(plan, Json.pretty(root) + "\n");
        assertThat(CliRun.of("show", plan.toString()).exitCode()).as("the digests were made to match").isZero();

        CliRun apply = applyAs("carol@example.com");
        assertThat(apply.exitCode()).isEqualTo(5);
        assertThat(apply.err()).contains("approval by alice@example.com: the signature does not match this plan")
                .contains("approval by bob@example.com: the signature does not match this plan");
        assertThat(target).doesNotExist();
    }

    @Test
    void aPlaybookRunOrReplanCannotBypassTheRule() {
        CliRun run = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--confirm", "production");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("production (localhost) need approvals (opsctl_approvals)");
        approve(alice, "alice@example.com");
        approve(bob, "bob@example.com");
        CliRun replan = CliRun.of("apply", plan.toString(), "--replan", "--principal", "carol@example.com");
        assertThat(replan.exitCode()).isEqualTo(3);
        assertThat(target).doesNotExist();
    }

    @Test
    void aSignatureOverAnotherPlanOrNamespaceIsNotAdded() throws Exception {
        Path other = dir.resolve("other.sig");
        Files.writeString(other, SshKeygen.sign(bob, "something else".getBytes(StandardCharsets.UTF_8), Map.of()));
        CliRun added = CliRun.of("approve", plan.toString(), "--signature", other.toString(), "--principal", "bob@example.com");
        assertThat(added.exitCode()).isEqualTo(3);
        assertThat(added.err()).contains("is not a signature over this plan");
        assertThat(planJson()).doesNotContainKey("approvals");
    }
}
