package dev.opsctl.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Which runs the four keys are computed over and how.
 *
 * @param from the period's start (inclusive): runs that started at or after it count
 * @param to the period's end (exclusive)
 * @param group only runs that touched a host of this inventory group (null: every run)
 * @param failureWindow an apply followed within this time by a failed run on one of its hosts counts as a failed change
 * @param zone the time zone whose calendar days and weeks are counted
 */
public record MetricsQuery(Instant from, Instant to, String group, Duration failureWindow, ZoneId zone) {
    /** The default failure window: one hour. */
    public static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofHours(1);

    public MetricsQuery {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!from.isBefore(to)) throw new IllegalArgumentException("the period must end after it starts");
        Objects.requireNonNull(failureWindow, "failureWindow");
        if (failureWindow.isNegative()) throw new IllegalArgumentException("the failure window must not be negative");
        Objects.requireNonNull(zone, "zone");
    }

    /** Whether {@code d} started inside the period. */
    boolean inPeriod(Deployment d) {
        return !d.start().isBefore(from) && d.start().isBefore(to);
    }

    /** Whether {@code d} is in the group asked about (any run when no group is asked). */
    boolean inScope(Deployment d) {
        return group == null || d.touches(group);
    }
}
