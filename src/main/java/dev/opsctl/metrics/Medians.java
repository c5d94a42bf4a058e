package dev.opsctl.metrics;

import java.time.Duration;
import java.util.List;

/** The median as the four keys use it: the middle value, or the mean of the two middle values of an even count. */
final class Medians {
    private Medians() {}

    /** The median of {@code values}, or null when there are none. */
    static Duration ofDurations(List<Duration> values) {
        if (values.isEmpty()) return null;
        List<Duration> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        if (n % 2 == 1) return sorted.get(n / 2);
        return sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2);
    }

    /** The median of {@code values}, or NaN when there are none. */
    static double of(List<? extends Number> values) {
        if (values.isEmpty()) return Double.NaN;
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
