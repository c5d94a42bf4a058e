package dev.opsctl.approval;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Verifies a plan's approvals against an allowed_signers file, as {@code ssh-keygen -Y verify -n opsctl-plan -f
 * allowed_signers -I PRINCIPAL} would each one, then counts those that stand for a second person: distinct
 * principals, distinct keys, and neither the applier's principal nor a key allowed_signers lists for the applier.
 */
public final class ApprovalCheck {
    private ApprovalCheck() {}

    /**
     * The outcome.
     *
     * @param approvers the principals whose approvals count, in the file's order
     * @param rejected one line per approval that does not count, saying why
     */
    public record Verdict(List<String> approvers, List<String> rejected) {}

    public static Verdict check(List<PlanApprovals.Approval> approvals, byte[] signedBytes, AllowedSigners signers,
                                String applier, Instant now) {
        List<String> approvers = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        Set<String> principalsSeen = new HashSet<>();
        List<byte[]> keysSeen = new ArrayList<>();
        for (PlanApprovals.Approval a : approvals) {
            String who = "approval by " + a.principal() + ": ";
            SshSignature sig;
            try {
                sig = SshSignature.parse(a.signature());
                String problem = problem(sig, a.principal(), signedBytes, signers, now);
                if (problem != null) {
                    rejected.add(who + problem);
                    continue;
                }
            } catch (SshSignature.SignatureException e) {
                rejected.add(who + e.getMessage());
                continue;
            }
            if (a.principal().equals(applier) || signers.listsKeyFor(applier, sig.publicKey())) {
                rejected.add(who + "made by the one applying (" + applier + "); an approval must come from someone else");
            } else if (principalsSeen.contains(a.principal())) {
                rejected.add(who + "a second approval by the same principal");
            } else if (keysSeen.stream().anyMatch(k -> Arrays.equals(k, sig.publicKey()))) {
                rejected.add(who + "signed with a key another approval already used");
            } else {
                principalsSeen.add(a.principal());
                keysSeen.add(sig.publicKey());
                approvers.add(a.principal());
            }
        }
        return new Verdict(List.copyOf(approvers), List.copyOf(rejected));
    }

    /** Why one signature does not verify for its principal, or null when it does. */
    private static String problem(SshSignature sig, String principal, byte[] signedBytes, AllowedSigners signers, Instant now)
            throws SshSignature.SignatureException {
        if (!SshSignature.PLAN_NAMESPACE.equals(sig.namespace())) {
            return "signed for namespace '" + sig.namespace() + "', not '" + SshSignature.PLAN_NAMESPACE + "'";
        }
        if (!sig.hashAlgorithm().equals("sha512") && !sig.hashAlgorithm().equals("sha256")) {
            return "hash algorithm " + sig.hashAlgorithm() + " (sha256 or sha512 expected)";
        }
        PublicKey key = KeySignatures.fromWireForm(sig.publicKey());
        byte[] data = SshSignature.signedData(sig.namespace(), sig.hashAlgorithm(), signedBytes);
        if (!KeySignatures.verify(key, sig.signatureAlgorithm(), sig.signature(), data)) {
            return "the signature does not match this plan (the plan was changed after it was signed, or the signature is damaged)";
        }
        if (!signers.allows(principal, sig.publicKey(), sig.namespace(), now)) {
            return signers.listsKeyFor(principal, sig.publicKey())
                    ? "the key's line in " + signers.file() + " does not allow it now (namespaces, valid-after or valid-before)"
                    : "its key is not listed for " + principal + " in " + signers.file();
        }
        return null;
    }
}
