package dev.opsctl.exec;

import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.transport.TransportException;
import java.util.List;

/**
 * Marks changes recorded as planned that a host did not (or may not have) carried out, so the recap counts as
 * {@code changed} only what happened: changes still waiting for their exec when the run stopped, and the steps of a
 * batch whose connection broke, by how far its output says each got.
 */
final class HonestRecap {
    private HonestRecap() {}

    /** The outcomes at {@code indexes} were never sent to the host. */
    static void notCarriedOut(List<TaskOutcome> outcomes, List<Integer> indexes, String why) {
        for (int at : indexes) mark(outcomes, at, why);
    }

    /**
     * A batch broke: a step that ended is done; one that had begun may or may not have landed (each write is whole or
     * absent, never partial); one that had not begun was not carried out.
     */
    static void connectionLost(List<TaskOutcome> outcomes, List<Integer> indexes, List<StepBatch.Progress> progress,
                               TransportException cause) {
        String reason = TransportException.reasonFor(outcomesHost(cause), cause.getMessage());
        for (int i = 0; i < indexes.size(); i++) {
            StepBatch.Progress p = i < progress.size() ? progress.get(i) : StepBatch.Progress.NOT_BEGUN;
            if (p == StepBatch.Progress.ENDED) continue;
            mark(outcomes, indexes.get(i), p == StepBatch.Progress.BEGUN
                    ? "not confirmed: the connection broke while it ran (" + reason + ")"
                    : "not carried out: the connection broke before it ran (" + reason + ")");
        }
    }

    private static String outcomesHost(TransportException e) {
        String m = String.valueOf(e.getMessage());
        int colon = m.indexOf(": ");
        return colon < 0 ? "" : m.substring(0, colon);
    }

    private static void mark(List<TaskOutcome> outcomes, int at, String why) {
        if (at >= outcomes.size()) return;
        TaskOutcome o = outcomes.get(at);
        // A step of a change with several: the first one not carried out says so; a failure stays a failure.
        if (o.status() == TaskOutcome.Status.CHANGED || o.status() == TaskOutcome.Status.OK) outcomes.set(at, o.notDone(why));
    }
}
