package dev.opsctl.reboot;

import dev.opsctl.rolling.BatchSize;
import dev.opsctl.rolling.MaintenanceWindow;
import dev.opsctl.module.reboot.RebootSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code opsctl reboot} was asked to do.
 *
 * @param batch         batch sizes; a percentage is of the hosts that will be rebooted
 * @param maxFailures   the run stops before the next batch once more hosts than this failed
 * @param onlyIfNeeded  skip hosts that report no pending reboot
 * @param bootedBefore  skip hosts that booted at or after this time, or null
 * @param preCheck      a shell command that must pass on a host before it is rebooted, or null
 * @param postCheck     a shell command that must pass on a host once it is back, or null
 * @param window        no batch starts outside it, or null
 */
public record RebootRequest(String pattern, List<BatchSize> batch, int maxFailures, boolean onlyIfNeeded, Instant bootedBefore,
                            String preCheck, String postCheck, RebootSpec spec, MaintenanceWindow window, int forks) {
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)([smhd])");

    public RebootRequest {
        batch = List.copyOf(batch);
    }

    /**
     * Reads {@code --if-booted-before}: an ISO time with an offset ({@code 2026-12-06T03:00:00+09:00}), a local one
     * ({@code 2026-12-06T03:00}, in {@code zone}), or a time ago ({@code -24h}, {@code -30m}, {@code -2d}).
     */
    public static Instant parseTime(String text, Instant now, ZoneId zone) {
        String t = text.strip();
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration ago = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(ago);
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(t).atZone(zone).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("a time looks like 2026-12-06T03:00:00Z, 2026-12-06T03:00 or -24h, not '" + text + "'");
            }
        }
    }
}
