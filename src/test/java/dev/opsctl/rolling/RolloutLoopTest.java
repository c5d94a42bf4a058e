package dev.opsctl.rolling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.inventory.Host;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The loop plays and {@code opsctl reboot} share: order, batches, the window before each batch, a batch's stop. */
class RolloutLoopTest {
    private static final List<Host> HOSTS = List.of(host("h1"), host("h2"), host("h3"), host("h4"), host("h5"));

    private static Host host(String name) {
        return new Host(name, Map.of());
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    @Test
    void batchesFollowTheOrderAndTheSizes() {
        List<List<Host>> batches = RolloutLoop.batches(HOSTS, HostOrder.REVERSE_INVENTORY, List.of(BatchSize.parse("2")));
        assertThat(batches.stream().map(RolloutLoopTest::names)).containsExactly(List.of("h5", "h4"), List.of("h3", "h2"), List.of("h1"));
    }

    @Test
    void everyBatchRunsInTurnWhenNothingStopsIt() {
        List<String> ran = new ArrayList<>();
        RolloutLoop.Stop stop = RolloutLoop.run(RolloutLoop.batches(HOSTS, HostOrder.INVENTORY, List.of(BatchSize.parse("2"))), null,
                Instant::now, (n, count, batch) -> {
                    ran.add(n + "/" + count + " " + names(batch));
                    return RolloutLoop.BatchEnd.GO_ON;
                });
        assertThat(stop).isNull();
        assertThat(ran).containsExactly("1/3 [h1, h2]", "2/3 [h3, h4]", "3/3 [h5]");
    }

    @Test
    void aClosedWindowStartsNoFurtherBatchAndNamesTheHostsLeft() {
        MaintenanceWindow window = MaintenanceWindow.parse("02:00-04:00 UTC");
        Instant open = Instant.parse("2026-12-07T03:00:00Z");
        Instant closed = Instant.parse("2026-12-07T05:00:00Z");
        Instant[] clock = {open};
        List<String> ran = new ArrayList<>();
        RolloutLoop.Stop stop = RolloutLoop.run(RolloutLoop.batches(HOSTS, HostOrder.INVENTORY, List.of(BatchSize.parse("2"))), window,
                () -> clock[0], (n, count, batch) -> {
                    ran.add(names(batch).toString());
                    clock[0] = closed; // the first batch took until after the window
                    return RolloutLoop.BatchEnd.GO_ON;
                });
        assertThat(ran).containsExactly("[h1, h2]");
        assertThat(stop.cause()).isEqualTo(RolloutLoop.Cause.WINDOW_CLOSED);
        assertThat(stop.reason()).isEqualTo("the maintenance window " + window + " is closed");
        assertThat(names(stop.notStarted())).containsExactly("h3", "h4", "h5");
    }

    @Test
    void aBatchThatSaysStopEndsTheLoopWithItsUnstartedHostsFirst() {
        List<String> ran = new ArrayList<>();
        RolloutLoop.Stop stop = RolloutLoop.run(RolloutLoop.batches(HOSTS, HostOrder.INVENTORY, List.of(BatchSize.parse("2"))), null,
                Instant::now, (n, count, batch) -> {
                    ran.add(names(batch).toString());
                    return n == 2 ? RolloutLoop.BatchEnd.stop(RolloutLoop.Cause.INTERRUPTED, "interrupted by SIGINT", List.of(batch.get(1)))
                            : RolloutLoop.BatchEnd.GO_ON;
                });
        assertThat(ran).containsExactly("[h1, h2]", "[h3, h4]");
        assertThat(stop.cause()).isEqualTo(RolloutLoop.Cause.INTERRUPTED);
        assertThat(names(stop.notStarted())).containsExactly("h4", "h5");
    }
}
