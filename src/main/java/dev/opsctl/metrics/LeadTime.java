package dev.opsctl.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lead time for changes: from a commit's author time to the end of the first successful apply that carried it, the
 * median over the commits first applied in the period (DevLake counts each change once, at its first deployment).
 *
 * @param median the median, or null when no successful apply knew its commit
 * @param commits how many commits were measured
 * @param appliesWithoutCommit successful applies whose playbook was not in a Git repository (not measured)
 */
public record LeadTime(Duration median, int commits, int appliesWithoutCommit) {
    /** One measured commit: when its first successful apply ended and how long after its author time. */
    record Sample(String commit, java.time.Instant deployedAt, Duration leadTime) {}

    static LeadTime of(List<Sample> samples, int withoutCommit) {
        return new LeadTime(Medians.ofDurations(samples.stream().map(Sample::leadTime).toList()), samples.size(), withoutCommit);
    }

    /**
     * The commits first applied successfully in the period, each with its lead time. {@code everSucceeded} are all the
     * successful applies known (earlier ones too): a commit applied before the period is not counted again in it.
     */
    static List<Sample> samples(List<Deployment> everSucceeded, MetricsQuery q) {
        Map<String, Deployment> first = new LinkedHashMap<>();
        everSucceeded.stream().filter(d -> d.commit() != null && d.commitTime() != null)
                .sorted(Comparator.comparing(Deployment::endOrStart))
                .forEach(d -> first.putIfAbsent(d.commit(), d));
        List<Sample> out = new ArrayList<>();
        for (Deployment d : first.values()) {
            if (!q.inPeriod(d)) continue;
            // A clock skewed between the committer's machine and this one must not give a negative lead time.
            Duration lead = Duration.between(d.commitTime(), d.endOrStart());
            out.add(new Sample(d.commit(), d.endOrStart(), lead.isNegative() ? Duration.ZERO : lead));
        }
        return out;
    }
}
