package dev.opsctl.rolling;

import dev.opsctl.inventory.Host;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one loop that goes over hosts batch by batch, for a play ({@code serial}, {@code order},
 * {@code max_fail_percentage}, {@code opsctl_window}) and for {@code opsctl reboot} ({@code --batch},
 * {@code --max-failures}, {@code --window}): hosts put in order and cut into batches, no batch started while the
 * maintenance window is closed, and no batch started after one that said stop. What a batch does, and when its
 * failures are too many, is the caller's; the loop only keeps the order of batches and says who never started.
 */
public final class RolloutLoop {
    /** Why the loop ended before every batch ran. */
    public enum Cause {
        /** The failure limit was exceeded (as the batch said). */
        FAILURES,
        /** The maintenance window was closed when the next batch was due. */
        WINDOW_CLOSED,
        /** The operator sent SIGINT or SIGTERM. */
        INTERRUPTED
    }

    /**
     * How the loop ended early: why, and the hosts never started (those of the stopping batch that had not started,
     * then every later batch's), in order.
     */
    public record Stop(Cause cause, String reason, List<Host> notStarted) {
        public Stop {
            notStarted = List.copyOf(notStarted);
        }
    }

    /** What one batch's run tells the loop: go on, or stop, naming the hosts of the batch that never started. */
    public record BatchEnd(Cause stop, String reason, List<Host> notStarted) {
        public static final BatchEnd GO_ON = new BatchEnd(null, null, List.of());

        public BatchEnd {
            notStarted = List.copyOf(notStarted);
        }

        public static BatchEnd stop(Cause cause, String reason, List<Host> notStartedOfTheBatch) {
            return new BatchEnd(cause, reason, notStartedOfTheBatch);
        }
    }

    /** Runs one batch to its end. {@code number} counts from 1. */
    @FunctionalInterface
    public interface Batch {
        BatchEnd run(int number, int count, List<Host> hosts);
    }

    private RolloutLoop() {}

    /** The hosts (in inventory order) put in {@code order} and cut into batches of {@code sizes} (empty: one batch). */
    public static List<List<Host>> batches(List<Host> hosts, HostOrder order, List<BatchSize> sizes) {
        return Batches.split(order.apply(hosts), sizes);
    }

    /**
     * Runs the batches in order. Before each batch the window (null: none) must be open at {@code now}.
     *
     * @return null when every batch ran; else why the loop stopped and who never started
     */
    public static Stop run(List<List<Host>> batches, MaintenanceWindow window, Supplier<Instant> now, Batch batch) {
        for (int b = 0; b < batches.size(); b++) {
            if (window != null && !window.isOpen(now.get())) {
                return new Stop(Cause.WINDOW_CLOSED, "the maintenance window " + window + " is closed", flatten(batches.subList(b, batches.size())));
            }
            BatchEnd end = batch.run(b + 1, batches.size(), batches.get(b));
            if (end.stop() != null) {
                List<Host> notStarted = new ArrayList<>(end.notStarted());
                notStarted.addAll(flatten(batches.subList(b + 1, batches.size())));
                return new Stop(end.stop(), end.reason(), notStarted);
            }
        }
        return null;
    }

    private static List<Host> flatten(List<List<Host>> batches) {
        return batches.stream().flatMap(List::stream).toList();
    }
}
