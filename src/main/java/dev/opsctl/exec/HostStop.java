package dev.opsctl.exec;

/**
 * Why a host stops walking its play before the end: thrown from wherever it is found, caught by {@link HostRun},
 * which turns each into the host's result.
 */
abstract sealed class HostStop extends RuntimeException permits HostStop.Ended, HostStop.Interrupted, HostStop.StepsFailed {
    private HostStop() {
        super(null, null, false, false);
    }

    /** {@code meta: end_host}: the host is done with this play, without failing and without running handlers. */
    static final class Ended extends HostStop {}

    /** The operator sent a signal: the host starts no further task (see {@link Interruption}). */
    static final class Interrupted extends HostStop {}

    /** A batched step failed: the host stops, its later outcomes are withdrawn (see {@link StepQueue}). */
    static final class StepsFailed extends HostStop {}
}
