package dev.opsctl.metrics;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deployment frequency as DORA and Apache DevLake count it: days with at least one successful apply (not the number of
 * applies), per calendar week; the bucket from DevLake's criteria for the 2023 DORA benchmarks (docs/metrics.md).
 *
 * @param deploymentDays calendar days in the period with a successful apply
 * @param periodDays the period's length in days
 * @param wholeWeeks calendar weeks (Monday to Sunday) wholly inside the period, over which the median is taken
 * @param medianDaysPerWeek the median of deployment days per whole week; when no week is whole, deployment days per 7 days
 * @param medianDaysPerMonth the median of deployment days per whole calendar month; when no month is whole, per 30 days
 * @param bucket DORA's performance bucket
 */
public record DeploymentFrequency(int deploymentDays, double periodDays, int wholeWeeks, double medianDaysPerWeek,
        double medianDaysPerMonth, Bucket bucket) {
    /** DORA's buckets for deployment frequency, with DevLake's criteria. */
    public enum Bucket {
        ELITE("on demand (several days a week)"),
        HIGH("between once a day and once a week"),
        MEDIUM("between once a week and once a month"),
        LOW("less than once a month");

        private final String meaning;

        Bucket(String meaning) {
            this.meaning = meaning;
        }

        /** What the bucket means, in words. */
        public String meaning() {
            return meaning;
        }
    }

    /** Computed from the successful applies of the period. */
    static DeploymentFrequency of(List<Deployment> successfulApplies, MetricsQuery q) {
        Set<LocalDate> days = new TreeSet<>();
        for (Deployment d : successfulApplies) days.add(d.endOrStart().atZone(q.zone()).toLocalDate());
        double periodDays = Duration.between(q.from(), q.to()).toMinutes() / (24.0 * 60);

        List<Integer> perWeek = new ArrayList<>();
        for (LocalDate monday : wholeWeeks(q)) {
            perWeek.add((int) days.stream().filter(d -> !d.isBefore(monday) && d.isBefore(monday.plusWeeks(1))).count());
        }
        List<Integer> perMonth = new ArrayList<>();
        for (LocalDate first : wholeMonths(q)) {
            perMonth.add((int) days.stream().filter(d -> !d.isBefore(first) && d.isBefore(first.plusMonths(1))).count());
        }
        // A period too short for a whole week (or month) is taken as a rate over its length instead.
        double week = perWeek.isEmpty() ? days.size() * 7 / periodDays : Medians.of(perWeek);
        double month = perMonth.isEmpty() ? days.size() * 30 / periodDays : Medians.of(perMonth);
        return new DeploymentFrequency(days.size(), periodDays, perWeek.size(), week, month, bucket(week, month));
    }

    /** DevLake's criteria: median deployment days per week at least 5, at least 1; per month at least 1; else low. */
    static Bucket bucket(double daysPerWeek, double daysPerMonth) {
        if (daysPerWeek >= 5) return Bucket.ELITE;
        if (daysPerWeek >= 1) return Bucket.HIGH;
        if (daysPerMonth >= 1) return Bucket.MEDIUM;
        return Bucket.LOW;
    }

    /** The Mondays of the calendar weeks that lie wholly inside the period. */
    static List<LocalDate> wholeWeeks(MetricsQuery q) {
        List<LocalDate> out = new ArrayList<>();
        ZonedDateTime start = q.from().atZone(q.zone());
        LocalDate monday = start.toLocalDate().with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        if (monday.equals(start.toLocalDate()) && !start.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) monday = monday.plusWeeks(1);
        while (!monday.plusWeeks(1).atStartOfDay(q.zone()).toInstant().isAfter(q.to())) {
            out.add(monday);
            monday = monday.plusWeeks(1);
        }
        return out;
    }

    private static List<LocalDate> wholeMonths(MetricsQuery q) {
        List<LocalDate> out = new ArrayList<>();
        ZonedDateTime start = q.from().atZone(q.zone());
        LocalDate first = start.toLocalDate().withDayOfMonth(1);
        if (!first.atStartOfDay(q.zone()).toInstant().equals(q.from())) first = first.plusMonths(1);
        while (!first.plusMonths(1).atStartOfDay(q.zone()).toInstant().isAfter(q.to())) {
            out.add(first);
            first = first.plusMonths(1);
        }
        return out;
    }
}
