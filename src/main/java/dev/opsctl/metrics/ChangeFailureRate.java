package dev.opsctl.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Change failure rate: the applies of the period that failed (or were left unfinished), were rolled back by a later
 * apply of a commit applied before them, or were followed within the failure window by a failed run on one of their hosts, divided
 * by all the applies of the period.
 *
 * @param failedChanges the applies counted as failed changes, each with why
 * @param applies all the applies of the period
 * @param rate failed changes divided by applies, or NaN without applies
 * @param bucket DevLake's bucket for the rate, or null without applies
 */
public record ChangeFailureRate(List<FailedChange> failedChanges, int applies, double rate, Bucket bucket) {
    /** DevLake's buckets for the change failure rate (its refinement of DORA's 2021 benchmarks). */
    public enum Bucket { ELITE, HIGH, MEDIUM, LOW }

    /** An apply counted as a failed change, and why. */
    public record FailedChange(String runId, java.time.Instant start, String reason) {}

    public ChangeFailureRate {
        failedChanges = List.copyOf(failedChanges);
    }

    /** {@code applies} are the period's applies; {@code known} every run in scope (later ones can mark an apply failed). */
    static ChangeFailureRate of(List<Deployment> applies, List<Deployment> known, Duration window) {
        List<FailedChange> failed = new ArrayList<>();
        for (Deployment a : applies) reason(a, known, window).ifPresent(r -> failed.add(new FailedChange(a.runId(), a.start(), r)));
        double rate = applies.isEmpty() ? Double.NaN : (double) failed.size() / applies.size();
        return new ChangeFailureRate(failed, applies.size(), rate, applies.isEmpty() ? null : bucket(rate));
    }

    /** Why {@code a} counts as a failed change, if it does. */
    static Optional<String> reason(Deployment a, List<Deployment> known, Duration window) {
        if (a.result() == Deployment.Result.FAILED) return Optional.of("failed");
        if (a.result() == Deployment.Result.UNFINISHED) return Optional.of("unfinished");
        for (Deployment b : known) {
            if (b == a || !b.isChange() || !b.start().isAfter(a.endOrStart()) || b.commit() == null) continue;
            if (Objects.equals(a.commit(), b.commit()) || !Objects.equals(a.playbook(), b.playbook()) || !a.overlaps(b)) continue;
            if (deployedBefore(b.commit(), a, known)) {
                return Optional.of("rolled back by " + b.runId() + " (an earlier commit, " + shortSha(b.commit()) + ")");
            }
        }
        for (Deployment c : known) {
            if (c == a || c.result() != Deployment.Result.FAILED || c.start().isBefore(a.endOrStart())) continue;
            if (!c.start().isAfter(a.endOrStart().plus(window)) && a.overlaps(c)) {
                return Optional.of("followed by failed run " + c.runId() + " within " + Durations.text(window));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code commit} had been applied with {@code a}'s playbook before {@code a}: going back to it is a rollback.
     * (An older author time alone is not: a branch merged late carries commits authored before the last deployment.)
     */
    private static boolean deployedBefore(String commit, Deployment a, List<Deployment> known) {
        return known.stream().anyMatch(p -> p != a && p.isChange() && commit.equals(p.commit())
                && Objects.equals(p.playbook(), a.playbook()) && p.start().isBefore(a.start()));
    }

    /** DevLake: up to 15% elite, up to 20% high, up to 30% medium, above that low. */
    static Bucket bucket(double rate) {
        if (rate <= 0.15) return Bucket.ELITE;
        if (rate <= 0.20) return Bucket.HIGH;
        if (rate <= 0.30) return Bucket.MEDIUM;
        return Bucket.LOW;
    }

    private static String shortSha(String sha) {
        return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
    }
}
