package dev.opsctl.rolling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Batch splitting as Ansible's serial does it, and maintenance windows. */
class BatchesTest {
    private static List<Integer> hosts(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    private static List<BatchSize> sizes(Object... s) {
        return java.util.Arrays.stream(s).map(BatchSize::parse).toList();
    }

    @Test
    void numbersPercentagesAndListsWhoseLastEntryRepeats() {
        assertThat(Batches.split(hosts(5), List.of())).containsExactly(hosts(5));
        assertThat(Batches.split(hosts(5), sizes(2))).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
        assertThat(Batches.split(hosts(10), sizes("25%"))).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5, 6),
                List.of(7, 8), List.of(9, 10));
        assertThat(Batches.split(hosts(10), sizes(1, 5, "25%"))).containsExactly(List.of(1), List.of(2, 3, 4, 5, 6),
                List.of(7, 8), List.of(9, 10));
        // A percentage rounds down but is never less than one host (Ansible's pct_to_int).
        assertThat(Batches.split(hosts(3), sizes("10%"))).hasSize(3);
        assertThat(Batches.split(hosts(4), sizes("50%"))).containsExactly(List.of(1, 2), List.of(3, 4));
        // 0 means every remaining host.
        assertThat(Batches.split(hosts(4), sizes(1, 0))).containsExactly(List.of(1), List.of(2, 3, 4));
        assertThat(Batches.split(List.of(), sizes(2))).isEmpty();
    }

    @Test
    void badSizesSayWhatWasExpected() {
        assertThatThrownBy(() -> BatchSize.parse("{{ n }}")).hasMessageContaining("templated batch sizes are not supported");
        assertThatThrownBy(() -> BatchSize.parse("2.5%")).hasMessageContaining("whole number or a percentage");
    }

    @Test
    void failureLimitIsExceededNotReached() {
        Rollout thirty = new Rollout(List.of(), 30.0, false, HostOrder.INVENTORY);
        assertThat(thirty.tooManyFailed(3, 10)).isFalse();
        assertThat(thirty.tooManyFailed(4, 10)).isTrue();
        assertThat(Rollout.ALL_AT_ONCE.tooManyFailed(9, 10)).isFalse();
        assertThat(Rollout.ALL_AT_ONCE.tooManyFailed(10, 10)).isTrue();
        assertThat(new Rollout(List.of(), null, true, HostOrder.INVENTORY).tooManyFailed(1, 10)).isTrue();
        assertThat(new Rollout(List.of(), 0.0, false, HostOrder.INVENTORY).tooManyFailed(1, 10)).isTrue();
    }

    @Test
    void windowsWithZonesAndAcrossMidnight() {
        MaintenanceWindow w = MaintenanceWindow.parse("02:00-04:00 Asia/Seoul");
        assertThat(w.isOpen(Instant.parse("2026-12-06T17:30:00Z"))).isTrue(); // 02:30 in Seoul
        assertThat(w.isOpen(Instant.parse("2026-12-06T19:00:00Z"))).isFalse(); // 04:00: closed
        MaintenanceWindow night = MaintenanceWindow.parse("22:00-2:00 UTC");
        assertThat(night.isOpen(Instant.parse("2026-12-06T23:00:00Z"))).isTrue();
        assertThat(night.isOpen(Instant.parse("2026-12-06T01:59:00Z"))).isTrue();
        assertThat(night.isOpen(Instant.parse("2026-12-06T12:00:00Z"))).isFalse();
        assertThatThrownBy(() -> MaintenanceWindow.parse("2am-4am")).hasMessageContaining("looks like 02:00-04:00");
        assertThatThrownBy(() -> MaintenanceWindow.parse("02:00-04:00 Mars/Base")).hasMessageContaining("unknown time zone");
    }
}
