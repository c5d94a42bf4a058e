package dev.opsctl.metrics;

import java.time.Duration;
import java.time.LocalDate;

/**
 * One calendar week of the period, for the trend charts.
 *
 * @param monday the week's Monday
 * @param whole whether the whole week lies inside the period (an edge week holds fewer days)
 * @param deploymentDays days of the week with a successful apply
 * @param applies applies that started in the week
 * @param failedChanges of those, the ones counted as failed changes
 * @param medianLeadTime the median lead time of the commits first applied in the week, or null
 */
public record WeekRow(LocalDate monday, boolean whole, int deploymentDays, int applies, int failedChanges, Duration medianLeadTime) {
    /** Failed changes divided by applies, or NaN for a week without applies. */
    public double failureRate() {
        return applies == 0 ? Double.NaN : (double) failedChanges / applies;
    }
}
