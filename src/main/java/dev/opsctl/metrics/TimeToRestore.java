package dev.opsctl.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Time to restore: from the end of a failed apply to the end of the next successful apply of the same playbook on every
 * host that failed, the median over the failures of the period. Failures of the same playbook before that success,
 * on hosts it restored, belong to the same outage and are not counted again.
 *
 * @param median the median, or null when no failure was restored
 * @param restored outages restored
 * @param unrestored outages with no successful apply since
 */
public record TimeToRestore(Duration median, int restored, int unrestored) {
    /** One outage: the failed run that began it, and how long until the run that restored it. */
    record Outage(String failedRun, java.time.Instant failedAt, String restoredBy, Duration duration) {}

    static TimeToRestore of(List<Outage> outages) {
        List<Duration> times = outages.stream().filter(o -> o.duration() != null).map(Outage::duration).toList();
        return new TimeToRestore(Medians.ofDurations(times), times.size(), outages.size() - times.size());
    }

    /** The outages that began in the period, from its failed applies and every run known in scope. */
    static List<Outage> outages(List<Deployment> periodApplies, List<Deployment> known) {
        List<Deployment> failures = periodApplies.stream().filter(d -> d.wentWrong() && d.playbook() != null)
                .sorted(Comparator.comparing(Deployment::endOrStart)).toList();
        Set<Deployment> absorbed = new HashSet<>();
        List<Outage> out = new ArrayList<>();
        for (Deployment f : failures) {
            if (absorbed.contains(f)) continue;
            Deployment fix = known.stream()
                    .filter(s -> s.kind() == Deployment.Kind.APPLY && s.result() == Deployment.Result.SUCCESS)
                    .filter(s -> Objects.equals(s.playbook(), f.playbook()) && s.start().isAfter(f.start()))
                    .filter(s -> s.hostNames().containsAll(f.failedHosts()))
                    .min(Comparator.comparing(Deployment::start)).orElse(null);
            if (fix == null) {
                out.add(new Outage(f.runId(), f.endOrStart(), null, null));
                absorbed.addAll(failures.stream().filter(g -> Objects.equals(g.playbook(), f.playbook())).toList());
                continue;
            }
            for (Deployment g : failures) {
                if (g != f && Objects.equals(g.playbook(), f.playbook()) && g.start().isAfter(f.start())
                        && g.start().isBefore(fix.start()) && fix.hostNames().containsAll(g.failedHosts())) {
                    absorbed.add(g);
                }
            }
            out.add(new Outage(f.runId(), f.endOrStart(), fix.runId(), Duration.between(f.endOrStart(), fix.endOrStart())));
        }
        return out;
    }
}
