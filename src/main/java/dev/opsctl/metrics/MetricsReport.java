package dev.opsctl.metrics;

import java.util.List;

/**
 * DORA's four keys over a period, with the weekly series the charts draw.
 *
 * @param query what was asked: the period, the group, the failure window
 * @param runs runs in the period (every kind and result)
 * @param applies applies in the period that went to their hosts (succeeded, failed or unfinished)
 * @param frequency deployment frequency
 * @param leadTime lead time for changes
 * @param changeFailureRate change failure rate
 * @param timeToRestore time to restore
 * @param weeks every calendar week the period touches, oldest first
 */
public record MetricsReport(MetricsQuery query, int runs, int applies, DeploymentFrequency frequency, LeadTime leadTime,
        ChangeFailureRate changeFailureRate, TimeToRestore timeToRestore, List<WeekRow> weeks) {
    public MetricsReport {
        weeks = List.copyOf(weeks);
    }
}
