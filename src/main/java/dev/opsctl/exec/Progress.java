package dev.opsctl.exec;

import dev.opsctl.plan.HostResult;

/**
 * What a run tells the screen while it works: each host's phase as it enters it, and each host's result once its
 * last play is over. Called from the hosts' worker threads; implementations must be thread-safe.
 */
public interface Progress {
    /** Shows nothing (JSON and Markdown output, tests). */
    Progress NONE = new Progress() {};

    /** The phases a host goes through, in order. */
    enum Phase {
        CONNECTING("connecting"), LOCKING("taking the host lock"), FACTS("facts"), PLANNING("planning"), APPLYING("applying");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The host entered {@code phase}; {@code detail} is the task count and name ("3/12 setting"), or empty. */
    default void phase(String host, Phase phase, String detail) {}

    /**
     * One play is over for the host; {@code finished} when no later play runs on it (or it failed or was unreachable),
     * so its whole result can be shown.
     */
    default void played(HostResult result, boolean finished) {}
}
