package dev.opsctl.plan;

import dev.opsctl.diag.Source;

/**
 * What one task (one loop item) did or will do on one host.
 *
 * @param change        the planned change (null for controller modules and skipped tasks)
 * @param status        the task's state, as the recap counts it
 * @param message       what to show: a debug message, a failure, why it was skipped; may be null
 * @param item          the loop item's label, or null
 * @param quietRun      a RUN whose {@code changed_when} is false: it runs but reports no change
 * @param handler       the task is a handler that was notified
 */
public record TaskOutcome(String task, Source at, String module, Change change, Status status, String message,
                          String item, boolean noLog, boolean quietRun, boolean handler) {
    /**
     * A task's state, as Ansible's recap counts it; RESCUED: it failed inside a block whose rescue then succeeded;
     * IGNORED: it failed and has {@code ignore_errors}; NOT_DONE: a change planned in apply that was not carried out
     * (the host was lost or the run interrupted before it ran).
     */
    public enum Status { OK, CHANGED, FAILED, SKIPPED, RESCUED, IGNORED, NOT_DONE }

    /** The same outcome, failed for {@code why}. */
    public TaskOutcome failedWith(String why) {
        return new TaskOutcome(task, at, module, change, Status.FAILED, why, item, noLog, quietRun, handler);
    }

    /** The same failure, recovered by its block's rescue. */
    public TaskOutcome rescued() {
        return new TaskOutcome(task, at, module, change, Status.RESCUED, message, item, noLog, quietRun, handler);
    }

    /** The same failure, ignored by the task's {@code ignore_errors}. */
    public TaskOutcome ignored() {
        return new TaskOutcome(task, at, module, change, Status.IGNORED, message, item, noLog, quietRun, handler);
    }

    /** The same planned change, not carried out for {@code why}. */
    public TaskOutcome notDone(String why) {
        return new TaskOutcome(task, at, module, change, Status.NOT_DONE, why, item, noLog, quietRun, handler);
    }

    /** The action this outcome counts as in a plan summary, NO_OP when it changes nothing. */
    public Action action() {
        if (change == null || quietRun || status == Status.FAILED || status == Status.SKIPPED
                || status == Status.RESCUED || status == Status.IGNORED || status == Status.NOT_DONE) return Action.NO_OP;
        return change.action();
    }
}
