package dev.opsctl.metrics;

import java.time.Duration;

/** Durations as people read them on a report: {@code 2d 3h}, {@code 4h 10m}, {@code 45m}, {@code 30s}. */
public final class Durations {
    private Durations() {}

    public static String text(Duration d) {
        if (d == null) return "-";
        long s = d.getSeconds();
        long days = s / 86400, hours = s % 86400 / 3600, minutes = s % 3600 / 60;
        if (days > 0) return days + "d " + hours + "h";
        if (hours > 0) return hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        if (minutes > 0) return minutes + "m";
        return s + "s";
    }

    /** {@code 90d}, {@code 12w}, {@code 36h}, {@code 30m}: a period or window as given on the command line. */
    public static Duration parse(String text) {
        String t = text == null ? "" : text.strip();
        if (!t.matches("\\d+[mhdw]")) throw new IllegalArgumentException("'" + text + "' is not a duration such as 90d, 12w, 36h or 30m");
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }
}
