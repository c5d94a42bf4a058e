package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.math.BigDecimal;

/**
 * What the file module needs beyond {@link FileQuery} for {@code follow} and timestamps: the path a symlink at
 * {@code path} resolves to (when {@code follow}), the entry there, its access and modification times to the
 * nanosecond (when {@code times}), and the host's time zone, in which Ansible reads a time given as text.
 */
public record PathTimesQuery(String path, boolean follow, boolean times) implements FactQuery<PathTimesQuery.PathTimes> {
    /**
     * The answer. {@code resolved} is {@code path} unless a followed symlink led elsewhere; {@code atime}/{@code mtime}
     * are seconds since the epoch, null when not asked or unknown (set to "now" by a planned change); {@code zone} is
     * the host's zone id, or null when the host does not say or times were not asked; {@code state} is null when the
     * entry is the path asked and not a link (its {@link FileQuery} says what it is).
     */
    public record PathTimes(String resolved, FileState state, BigDecimal atime, BigDecimal mtime, String zone) {
        public PathTimes withTimes(BigDecimal a, BigDecimal m) {
            return new PathTimes(resolved, state, a, m, zone);
        }

        public PathTimes withState(FileState s) {
            return new PathTimes(resolved, s, atime, mtime, zone);
        }
    }

    @Override
    public String key() {
        return "path-times:" + (follow ? "follow:" : "") + path;
    }

    @Override
    public boolean covers(FactQuery<?> other) {
        return times || !(other instanceof PathTimesQuery q && q.times);
    }

    /** Only sets its scratch variables ({@code r}, and {@link FileQuery}'s {@code p} and {@code s}): no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    /**
     * Asked for every file task that follows links (the default), so it costs processes only where it has something to
     * say: the path where a link led, the zone only with times (a time given as text is read in it), and the entry's state
     * only when it is not the asked path's own, which the task's {@link FileQuery} for the same path already says.
     */
    @Override
    public String script() {
        String asked = Shell.quote(path);
        StringBuilder s = new StringBuilder("r=").append(asked).append("\n");
        // realpath(3) of the whole path, as Python's os.path.realpath; a dangling link resolves as far as it can.
        if (follow) s.append("if [ -L \"$r\" ]; then r=$(readlink -f -- \"$r\" 2>/dev/null || readlink -m -- \"$r\"); fi\n");
        // In hex (a name may hold a newline); a blank line is the path asked.
        if (follow) s.append("if [ \"$r\" != ").append(asked).append(" ]; then printf '%s' \"$r\" | od -An -v -tx1 | tr -d ' \\n'; fi\n");
        s.append("echo\n");
        if (times) {
            s.append("printf 'zone=%s|' \"${TZ-}\"; readlink /etc/localtime 2>/dev/null || echo\n");
            s.append("if [ -e \"$r\" ]; then stat -L -c '%X %Y %x %y' -- \"$r\"; else echo; fi\n");
        } else {
            s.append("echo\necho\n");
        }
        s.append("if [ \"$r\" != ").append(asked).append(" ] || [ -L \"$r\" ]; then ").append(FileQuery.script("\"$r\"", false)).append("; fi\n");
        return s.toString();
    }

    @Override
    public PathTimes parse(String output) {
        String[] lines = output.split("\n", 4);
        String resolved = lines[0].isBlank() ? path : new String(java.util.HexFormat.of().parseHex(lines[0].strip()), java.nio.charset.StandardCharsets.UTF_8);
        String zone = lines.length > 1 ? zone(lines[1]) : null;
        BigDecimal atime = null;
        BigDecimal mtime = null;
        if (lines.length > 2 && !lines[2].isBlank()) {
            // "%X %Y %x %y": whole seconds, then each time as "DATE HH:MM:SS.NNNNNNNNN ZONE" for its fraction.
            String[] f = lines[2].strip().split(" ");
            if (f.length >= 8) {
                atime = seconds(f[0], f[3]);
                mtime = seconds(f[1], f[6]);
            }
        }
        // Nothing: the asked path itself, no link (see script()).
        FileState state = lines.length > 3 && !lines[3].isBlank() ? new FileQuery(resolved, false).parse(lines[3]) : null;
        return new PathTimes(resolved, state, atime, mtime, zone);
    }

    private static BigDecimal seconds(String whole, String clock) {
        int dot = clock.indexOf('.');
        try {
            BigDecimal s = new BigDecimal(whole);
            // Whole seconds are the floor (tv_sec), the fraction adds to them even before 1970 (tv_nsec).
            return (dot < 0 ? s : s.add(new BigDecimal("0" + clock.substring(dot)))).stripTrailingZeros();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The zone from {@code zone=TZ|LINK}: TZ wins (without a leading ':'), else the zoneinfo name /etc/localtime links to. */
    private static String zone(String line) {
        if (!line.startsWith("zone=")) return null;
        String rest = line.substring(5);
        int bar = rest.indexOf('|');
        String tz = bar < 0 ? rest : rest.substring(0, bar);
        String link = bar < 0 ? "" : rest.substring(bar + 1).strip();
        if (!tz.isEmpty()) return tz.startsWith(":") ? tz.substring(1) : tz;
        int at = link.indexOf("zoneinfo/");
        return at < 0 ? null : link.substring(at + "zoneinfo/".length());
    }
}
