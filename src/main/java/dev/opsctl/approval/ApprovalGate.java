package dev.opsctl.approval;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two-person rule at {@code apply PLAN_FILE}: before any host is contacted, the plan's approvals are verified
 * against each rule's allowed_signers, and the apply is refused unless every rule has its count.
 */
public final class ApprovalGate {
    private ApprovalGate() {}

    /**
     * What the gate found.
     *
     * @param approvers who approved (principals counted under at least one rule), for the output and the journal
     * @param refusals one line per rule that is not met, then why approvals did not count; empty when the apply may go on
     */
    public record Outcome(List<String> approvers, List<String> refusals) {
        public boolean allowed() {
            return refusals.isEmpty();
        }
    }

    public static Outcome check(Path planFile, List<ApprovalRule> rules, String applier, Instant now) throws IOException {
        if (rules.isEmpty()) return new Outcome(List.of(), List.of());
        PlanApprovals plan = PlanApprovals.read(planFile);
        byte[] signed = plan.signedBytes();
        Map<Path, ApprovalCheck.Verdict> bySigners = new HashMap<>();
        Set<String> approvers = new LinkedHashSet<>();
        List<String> refusals = new ArrayList<>();
        Set<String> reasons = new LinkedHashSet<>();
        for (ApprovalRule rule : rules) {
            if (rule.allowedSigners() == null) {
                refusals.add(rule.describe() + " needs " + rule.count() + " approval(s), but no allowed_signers file is set ("
                        + ApprovalRule.SIGNERS_VAR + " in the inventory, or ansible.cfg [opsctl] allowed_signers)");
                continue;
            }
            ApprovalCheck.Verdict v = bySigners.get(rule.allowedSigners());
            if (v == null) {
                v = ApprovalCheck.check(plan.approvals(), signed, AllowedSigners.read(rule.allowedSigners()), applier, now);
                bySigners.put(rule.allowedSigners(), v);
            }
            if (v.approvers().size() >= rule.count()) {
                approvers.addAll(v.approvers());
            } else {
                refusals.add(rule.describe() + " needs " + rule.count() + " approval(s) by someone other than " + applier
                        + "; the plan has " + v.approvers().size() + (v.approvers().isEmpty() ? "" : " (" + String.join(", ", v.approvers()) + ")"));
                reasons.addAll(v.rejected());
            }
        }
        refusals.addAll(reasons);
        return new Outcome(List.copyOf(approvers), List.copyOf(refusals));
    }
}
