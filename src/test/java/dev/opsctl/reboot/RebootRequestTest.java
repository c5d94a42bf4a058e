package dev.opsctl.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** --if-booted-before: ISO times with and without an offset, and times ago. */
class RebootRequestTest {
    private static final Instant NOW = Instant.parse("2026-12-06T18:00:00Z");
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @Test
    void absoluteAndRelativeTimes() {
        assertThat(RebootRequest.parseTime("2026-12-06T03:00:00+09:00", NOW, SEOUL)).isEqualTo(Instant.parse("2026-12-05T18:00:00Z"));
        assertThat(RebootRequest.parseTime("2026-12-06T03:00:00Z", NOW, SEOUL)).isEqualTo(Instant.parse("2026-12-06T03:00:00Z"));
        assertThat(RebootRequest.parseTime("2026-12-07T03:00", NOW, SEOUL)).isEqualTo(Instant.parse("2026-12-06T18:00:00Z"));
        assertThat(RebootRequest.parseTime("-24h", NOW, SEOUL)).isEqualTo(Instant.parse("2026-12-05T18:00:00Z"));
        assertThat(RebootRequest.parseTime("-90m", NOW, SEOUL)).isEqualTo(Instant.parse("2026-12-06T16:30:00Z"));
        assertThat(RebootRequest.parseTime("-2d", NOW, SEOUL)).isEqualTo(Instant.parse("2026-12-04T18:00:00Z"));
        assertThatThrownBy(() -> RebootRequest.parseTime("last sunday", NOW, SEOUL)).hasMessageContaining("-24h");
    }
}
