package dev.opsctl.reboot;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Where {@code opsctl reboot} tells what happens, one line per event as it happens. Without a terminal (cron, a
 * systemd timer) each line starts with an ISO-8601 UTC timestamp, so a log shows when each host went and came back.
 */
public final class RebootLog {
    private final PrintWriter out;
    private final boolean timestamps;
    private final Clock clock;

    public RebootLog(PrintWriter out, boolean timestamps, Clock clock) {
        this.out = out;
        this.timestamps = timestamps;
        this.clock = clock;
    }

    /** An event of the whole run. */
    public synchronized void event(String message) {
        out.println(timestamps ? DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)) + " " + message : message);
        out.flush();
    }

    /** An event of one host. */
    public void host(String host, String message) {
        event(host + ": " + message);
    }
}
