package dev.opsctl.module.file;

import dev.opsctl.facts.PathTimesQuery.PathTimes;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.PlanException;
import dev.opsctl.transport.Shell;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The file module's {@code modification_time} and {@code access_time}: {@code preserve}, {@code now}, or a time in
 * its {@code *_format} (Python's strptime, read in the host's zone as time.mktime reads it). Planned as file.py's
 * update_timestamp_for_file decides: a given time equal to the entry's (to the nanosecond) is no change; {@code now}
 * always is one.
 */
record Timestamps(String mtime, String mtimeFormat, String atime, String atimeFormat) {
    static final String DEFAULT_FORMAT = "%Y%m%d%H%M.%S";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    static Timestamps parse(Args args) {
        Timestamps t = new Timestamps(args.string("modification_time"), formatOf(args, "modification_time_format"),
                args.string("access_time"), formatOf(args, "access_time_format"));
        // A time that can never parse is an argument error, found before any host is asked.
        for (String[] v : new String[][] {{t.mtime, t.mtimeFormat}, {t.atime, t.atimeFormat}}) {
            if (v[0] == null || v[0].equals("now") || v[0].equals("preserve")) continue;
            try {
                Strptime.parse(v[0], v[1]);
            } catch (Strptime.ParseError e) {
                throw new ArgException(message(v[0], v[1], e));
            }
        }
        return t;
    }

    private static String formatOf(Args args, String name) {
        String f = args.string(name);
        return f == null ? DEFAULT_FORMAT : f;
    }

    /** file.py's keep_backward_compatibility_on_timestamps: unset is preserve, for touch now. */
    Timestamps defaultsFor(String state) {
        String fallback = state.equals("touch") ? "now" : "preserve";
        return new Timestamps(mtime == null ? fallback : mtime, mtimeFormat, atime == null ? fallback : atime, atimeFormat);
    }

    /** Whether the plan must read the entry's times: a time is given (preserve and now need none). */
    boolean needsCurrentTimes() {
        return given(mtime) || given(atime);
    }

    boolean untouched() {
        return preserve(mtime) && preserve(atime);
    }

    private static boolean given(String v) {
        return v != null && !v.equals("now") && !v.equals("preserve");
    }

    private static boolean preserve(String v) {
        return v == null || v.equals("preserve");
    }

    /** The outcome for one entry: what changes (details), the commands (touch), and the times after. */
    record Update(List<String> details, List<String> commands, BigDecimal atimeAfter, BigDecimal mtimeAfter) {}

    /** Plans the times of {@code path}, whose current state is {@code now} (times null for a new entry). */
    Update plan(String path, PathTimes current) {
        Timestamps t = this;
        List<String> details = new ArrayList<>();
        List<String> cmds = new ArrayList<>();
        if (t.mtime.equals("now") && t.atime.equals("now")) {
            // utime(path, None): both set to the host's clock, no ownership needed.
            cmds.add(Shell.command("touch", "-c", "--", path));
            details.add("mtime, atime -> now");
            return new Update(details, cmds, null, null);
        }
        if (t.untouched()) return new Update(details, cmds, current == null ? null : current.atime(), current == null ? null : current.mtime());
        BigDecimal prevM = current == null ? null : current.mtime();
        BigDecimal prevA = current == null ? null : current.atime();
        BigDecimal m = one(t.mtime, t.mtimeFormat, current, "-m", "mtime", prevM, path, details, cmds);
        BigDecimal a = one(t.atime, t.atimeFormat, current, "-a", "atime", prevA, path, details, cmds);
        return new Update(details, cmds, a, m);
    }

    private static BigDecimal one(String value, String format, PathTimes current, String flag, String name, BigDecimal previous,
                                  String path, List<String> details, List<String> cmds) {
        if (preserve(value)) return previous;
        if (value.equals("now")) {
            cmds.add(Shell.command("touch", "-c", flag, "--", path));
            details.add(name + " -> now");
            return null;
        }
        BigDecimal wanted = BigDecimal.valueOf(epoch(value, format, current == null ? null : current.zone()));
        if (previous != null && previous.compareTo(wanted) == 0) return previous;
        // The instant in UTC, whatever the host's zone: the host's touch reads it with TZ=UTC0.
        cmds.add("TZ=UTC0 " + Shell.command("touch", "-c", flag, "-d", UTC.format(Instant.ofEpochSecond(wanted.longValueExact())), "--", path));
        details.add(name + " " + (previous == null ? "(unknown)" : show(previous)) + " -> " + show(wanted) + " (" + value + ")");
        return wanted;
    }

    /** time.mktime(time.strptime(value, format)) in the host's zone (UTC when the host names none). */
    private static long epoch(String value, String format, String zone) {
        LocalDateTime local;
        try {
            local = Strptime.parse(value, format);
        } catch (Strptime.ParseError e) {
            throw new PlanException(message(value, format, e));
        }
        ZoneId id;
        try {
            id = zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (java.time.DateTimeException e) {
            throw new PlanException("the host's time zone '" + zone + "' is not one opsctl knows; cannot read time " + value);
        }
        return local.atZone(id).toEpochSecond();
    }

    private static String message(String value, String format, Strptime.ParseError e) {
        return "Error while obtaining timestamp for time " + value + " using format " + format + ": " + e.getMessage();
    }

    private static String show(BigDecimal seconds) {
        return seconds.toPlainString();
    }
}
