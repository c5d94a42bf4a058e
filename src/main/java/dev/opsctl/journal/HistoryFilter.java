package dev.opsctl.journal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which journalled runs {@code opsctl history} lists.
 *
 * @param pattern host names or groups, joined by {@code ,} or {@code :}, each may hold {@code *} (null: every run)
 * @param host    one host's exact name (null: any)
 * @param failed  only runs that failed, or in which a host failed or was unreachable
 */
public record HistoryFilter(String pattern, String host, boolean failed) {
    private static final Pattern AGO = Pattern.compile("(\\d+)\\s*([mhdw])");

    public boolean matches(RunRecord r) {
        if (failed && r.result() != RunRecord.Result.FAILED && r.hosts().stream().noneMatch(HostRecord::failed)) return false;
        if (host != null && r.hosts().stream().noneMatch(h -> h.host().equals(host))) return false;
        if (pattern == null || pattern.isBlank()) return true;
        List<Pattern> globs = Arrays.stream(pattern.split("[,:]")).map(String::strip).filter(s -> !s.isEmpty()).map(HistoryFilter::glob).toList();
        return r.hosts().stream().anyMatch(h -> globs.stream().anyMatch(g -> g.matcher(h.host()).matches()
                || h.groups().stream().anyMatch(group -> g.matcher(group).matches())));
    }

    private static Pattern glob(String word) {
        return Pattern.compile(Arrays.stream(word.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")));
    }

    /**
     * {@code --since}: an age ({@code 30m}, {@code 24h}, {@code 7d}, {@code 2w}) before {@code now}, a date
     * ({@code 2026-12-01}, local midnight) or a time with its offset ({@code 2026-12-01T03:00:00Z}).
     */
    public static Instant since(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        Matcher m = AGO.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofDays(7 * n);
            };
            return now.minus(d);
        }
        try {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        } catch (RuntimeException e) {
            // not a date: a time with its offset?
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--since " + text + ": give an age (30m, 24h, 7d, 2w), a date (2026-12-01) or a time (2026-12-01T03:00:00Z)");
        }
    }
}
