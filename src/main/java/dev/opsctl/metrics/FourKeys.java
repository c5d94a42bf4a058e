package dev.opsctl.metrics;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Computes DORA's four keys over a list of runs: pure, no clock and no I/O (docs/metrics.md has the formulas). */
public final class FourKeys {
    private FourKeys() {}

    /** The four keys of the runs in {@code q}'s period and group; {@code all} may hold runs outside them too. */
    public static MetricsReport compute(List<Deployment> all, MetricsQuery q) {
        List<Deployment> known = all.stream().filter(q::inScope).sorted(Comparator.comparing(Deployment::start)).toList();
        List<Deployment> period = known.stream().filter(q::inPeriod).toList();
        List<Deployment> applies = period.stream().filter(Deployment::isChange).toList();
        List<Deployment> succeeded = applies.stream().filter(d -> d.result() == Deployment.Result.SUCCESS).toList();
        List<Deployment> everSucceeded = known.stream()
                .filter(d -> d.kind() == Deployment.Kind.APPLY && d.result() == Deployment.Result.SUCCESS).toList();

        List<LeadTime.Sample> leads = LeadTime.samples(everSucceeded, q);
        int withoutCommit = (int) succeeded.stream().filter(d -> d.commit() == null || d.commitTime() == null).count();
        ChangeFailureRate cfr = ChangeFailureRate.of(applies, known, q.failureWindow());
        return new MetricsReport(q, period.size(), applies.size(), DeploymentFrequency.of(succeeded, q),
                LeadTime.of(leads, withoutCommit), cfr, TimeToRestore.of(TimeToRestore.outages(applies, known)),
                weeks(q, succeeded, applies, cfr, leads));
    }

    private static List<WeekRow> weeks(MetricsQuery q, List<Deployment> succeeded, List<Deployment> applies,
            ChangeFailureRate cfr, List<LeadTime.Sample> leads) {
        Set<String> failedRuns = cfr.failedChanges().stream().map(ChangeFailureRate.FailedChange::runId).collect(Collectors.toSet());
        Set<LocalDate> whole = Set.copyOf(DeploymentFrequency.wholeWeeks(q));
        LocalDate monday = q.from().atZone(q.zone()).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate last = q.to().minusNanos(1).atZone(q.zone()).toLocalDate();
        List<WeekRow> out = new ArrayList<>();
        for (; !monday.isAfter(last); monday = monday.plusWeeks(1)) {
            LocalDate from = monday, to = monday.plusWeeks(1);
            int days = (int) succeeded.stream().map(d -> day(d.endOrStart(), q)).filter(d -> inWeek(d, from, to)).distinct().count();
            List<Deployment> weekApplies = applies.stream().filter(d -> inWeek(day(d.start(), q), from, to)).toList();
            int failed = (int) weekApplies.stream().filter(d -> failedRuns.contains(d.runId())).count();
            List<java.time.Duration> weekLeads = leads.stream().filter(s -> inWeek(day(s.deployedAt(), q), from, to))
                    .map(LeadTime.Sample::leadTime).toList();
            out.add(new WeekRow(monday, whole.contains(monday), days, weekApplies.size(), failed, Medians.ofDurations(weekLeads)));
        }
        return out;
    }

    private static LocalDate day(java.time.Instant t, MetricsQuery q) {
        return t.atZone(q.zone()).toLocalDate();
    }

    private static boolean inWeek(LocalDate d, LocalDate monday, LocalDate nextMonday) {
        return !d.isBefore(monday) && d.isBefore(nextMonday);
    }
}
