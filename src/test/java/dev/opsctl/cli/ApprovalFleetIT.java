package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.approval.SshKeygen;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-person rule over SSH: an unapproved plan leaves every host untouched; once another person approves, it applies. */
@FleetHosts(2)
class ApprovalFleetIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void refusedUntilApprovedByAnotherPersonThenApplied() throws Exception {
        Path alice = SshKeygen.newKey(tmp, "alice", "ed25519", "");
        Path signers = tmp.resolve("allowed_signers");
        Files.writeString(signers, SshKeygen.signerLine("alice@example.com", "namespaces=\"opsctl-plan\"", alice));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv, Map.of("production", List.of("h002")));
        Files.createDirectories(tmp.resolve("group_vars"));
        Files.writeString(tmp.resolve("group_vars/production.yml"),
                "opsctl_protected: true\nopsctl_approvals: 1\nopsctl_allowed_signers: " + signers + "\n");
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: all
                  tasks:
                    - name: app conf
                      copy: content="approved=yes\\n" dest=/srv/opsctl-approved.conf mode=0644
                """);
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);
        Path plan = tmp.resolve("plan.json");
        CliRun made = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "-o", plan.toString());
        assertThat(made.exitCode()).as(made.out() + made.err()).isZero();

        CliRun refused = CliRun.of("apply", plan.toString(), "--known-hosts", kh.toString(), "--principal", "bob@example.com");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(5);
        assertThat(refused.err()).contains("error: production (h002) needs 1 approval(s) by someone other than bob@example.com; the plan has 0");
        for (FleetHost h : fleet.hosts()) assertThat(fleet.path(h, "/srv/opsctl-approved.conf")).as(h.name()).doesNotExist();

        CliRun approved = CliRun.of("approve", plan.toString(), "--key", alice.toString(), "--principal", "alice@example.com");
        assertThat(approved.exitCode()).as(approved.err()).isZero();
        CliRun apply = CliRun.of("apply", plan.toString(), "--known-hosts", kh.toString(), "--principal", "bob@example.com");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("Approved by: alice@example.com");
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/opsctl-approved.conf"))).as(h.name()).isEqualTo("approved=yes\n");
        }
    }
}
