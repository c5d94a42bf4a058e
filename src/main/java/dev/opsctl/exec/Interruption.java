package dev.opsctl.exec;

/**
 * The operator's request to stop (SIGINT, SIGTERM), for the whole process as a signal is. After the first, no host
 * starts a new task or exec: each finishes the exec it is in (a write either lands whole or not at all), changes
 * planned but not sent are reported as not carried out, and the run ends with its recap. A second signal ends the
 * process at once (see {@code cli/Signals}).
 */
public final class Interruption {
    private static volatile String signal;
    /** Runs under way: a signal outside of one (loading, reboot, inventory) ends the process as it would by default. */
    private static int running;

    private Interruption() {}

    /** A run (plan or apply over hosts) starts: from now on a first signal stops it cleanly. */
    static synchronized void runStarted() {
        running++;
    }

    static synchronized void runEnded() {
        running--;
    }

    /** Whether a run is under way that a first signal should stop cleanly. */
    public static synchronized boolean runUnderWay() {
        return running > 0;
    }

    /** Records the first signal ({@code INT}, {@code TERM}); returns whether one had been recorded already. */
    public static synchronized boolean request(String name) {
        if (signal != null) return true;
        signal = name;
        return false;
    }

    /** The signal that asked the run to stop, or null while none has. */
    public static String requested() {
        return signal;
    }

    /** The exit status for an interrupted run, as a shell reports a process ended by the signal: 130 or 143. */
    public static int exitCode(String name) {
        return "TERM".equals(name) ? 143 : 130;
    }

    /** Forgets a signal; for a process that runs several commands (tests). */
    public static synchronized void clear() {
        signal = null;
    }
}
