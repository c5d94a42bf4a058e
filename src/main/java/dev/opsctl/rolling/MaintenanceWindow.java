package dev.opsctl.rolling;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily maintenance window such as {@code 02:00-04:00} (the controller's local time) or
 * {@code 02:00-04:00 Asia/Seoul}; a window whose end is before its start runs past midnight.
 * No batch starts outside it (a batch that started inside may end after it closes).
 */
public record MaintenanceWindow(LocalTime start, LocalTime end, ZoneId zone, String text) {
    private static final Pattern FORM = Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})(?:\\s+(\\S+))?");

    /** Reads a window; throws IllegalArgumentException saying what was expected. */
    public static MaintenanceWindow parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("a maintenance window looks like 02:00-04:00 or 02:00-04:00 Asia/Seoul, not '" + text + "'");
        }
        try {
            LocalTime start = LocalTime.parse(pad(m.group(1)));
            LocalTime end = LocalTime.parse(pad(m.group(2)));
            if (start.equals(end)) throw new IllegalArgumentException("the maintenance window '" + text + "' starts when it ends");
            ZoneId zone = m.group(3) == null ? ZoneId.systemDefault() : ZoneId.of(m.group(3));
            return new MaintenanceWindow(start, end, zone, text.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("no such time of day in the maintenance window '" + text + "'");
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + m.group(3) + "' in the maintenance window '" + text + "'");
        }
    }

    private static String pad(String hhmm) {
        return hhmm.length() == 4 ? "0" + hhmm : hhmm;
    }

    /** Whether a batch may start at {@code now}. */
    public boolean isOpen(Instant now) {
        LocalTime t = now.atZone(zone).toLocalTime();
        if (start.isBefore(end)) return !t.isBefore(start) && t.isBefore(end);
        return !t.isBefore(start) || t.isBefore(end);
    }

    @Override
    public String toString() {
        return text;
    }
}
