package dev.opsctl.plan;

import java.util.List;

/**
 * Why a run stopped before every host had its turn, and the hosts that were never started (later batches).
 *
 * @param reason for people: "h003 failed and any_errors_fatal is set"
 */
public record Halt(Cause cause, String reason, List<String> notStarted) {
    /** What stopped the run. */
    public enum Cause {
        /** Too many hosts of a batch failed (max_fail_percentage, any_errors_fatal, a whole batch failed). */
        FAILURES,
        /** The maintenance window ({@code opsctl_window}) was closed when the next batch was due. */
        WINDOW_CLOSED,
        /** The operator sent SIGINT or SIGTERM (see {@link Interruption}). */
        INTERRUPTED
    }

    public Halt {
        notStarted = List.copyOf(notStarted);
    }
}
