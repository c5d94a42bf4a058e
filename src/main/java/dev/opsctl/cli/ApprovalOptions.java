package dev.opsctl.cli;

import dev.opsctl.approval.ApprovalGate;
import dev.opsctl.approval.ApprovalRule;
import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.inventory.Inventory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Option;

/** The two-person rule for apply: hosts with {@code opsctl_approvals: N} take only a saved plan that N others signed. */
final class ApprovalOptions {
    @Option(names = "--principal", paramLabel = "NAME",
            description = "Who is applying, as allowed_signers names people (default: the OS user); their own approvals do not count.")
    String principal;

    String applier() {
        return principal != null && !principal.isBlank() ? principal : System.getProperty("user.name");
    }

    /** Refuses (exit 3) a run that is not a signed saved plan on hosts that need approvals: nothing signed, nothing to check. */
    void refuseUnreviewed(Inventory inv, Collection<String> hosts, String why) {
        List<ApprovalRule> rules = rules(inv, hosts);
        if (rules.isEmpty()) return;
        throw new CliException(ExitCode.INVALID_INPUT, String.join(", ", rules.stream().map(ApprovalRule::describe).toList())
                + " need approvals (" + ApprovalRule.COUNT_VAR + "), which " + why + " cannot carry: save a plan (opsctl plan -o FILE), "
                + "have it approved (opsctl approve FILE), and apply the file. Nothing was done.");
    }

    /**
     * Verifies the approvals of {@code planFile} for {@code hosts} before any host is contacted: refused (exit 5, one
     * {@code error:} line per reason) unless every rule has its count; the approvers are printed and returned.
     */
    List<String> verify(Path planFile, Inventory inv, Collection<String> hosts, PrintWriter out, PrintWriter err) {
        List<ApprovalRule> rules = rules(inv, hosts);
        ApprovalGate.Outcome outcome;
        try {
            outcome = ApprovalGate.check(planFile, rules, applier(), Instant.now());
        } catch (IOException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot check the approvals of " + planFile + ": " + e.getMessage());
        }
        if (!outcome.allowed()) {
            outcome.refusals().forEach(r -> err.println("error: " + r));
            throw new CliException(ExitCode.STALE_PLAN, "the saved plan lacks the approvals its hosts need; nothing was changed.");
        }
        if (!outcome.approvers().isEmpty()) out.println("Approved by: " + String.join(", ", outcome.approvers()));
        return outcome.approvers();
    }

    private static List<ApprovalRule> rules(Inventory inv, Collection<String> hosts) {
        try {
            return ApprovalRule.of(inv, hosts, AnsibleConfig.get());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }
}
