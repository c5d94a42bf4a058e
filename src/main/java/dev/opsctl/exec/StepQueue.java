package dev.opsctl.exec;

import dev.opsctl.transport.access.HostAccess;
import dev.opsctl.plan.Step;
import dev.opsctl.playbook.Task;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.TransportException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Steps of changes planned in apply but not yet carried out: they wait, and go to the host together in one exec
 * ({@link StepBatch}) when something needs the host as they will leave it, or with the next step whose own result
 * matters. Steps as one become user share an exec; another user's steps flush the queue first.
 */
final class StepQueue {
    private record PendingStep(Step step, int outcomeIndex, Task task) {}

    private final HostState state;
    private final Outcomes outcomes;
    private final List<PendingStep> pending = new ArrayList<>();
    private Become pendingBecome;

    StepQueue(HostState state, Outcomes outcomes) {
        this.state = state;
        this.outcomes = outcomes;
    }

    /** The connection remote commands go through: the host's own, or through sudo. */
    Connection connection(Become become) {
        return HostAccess.as(state.connection, become);
    }

    /** Queues a change's steps, recorded at {@code outcomeIndex}, to run as {@code become}. */
    void add(Task task, Become become, List<Step> steps, int outcomeIndex) throws TransportException {
        if (!pending.isEmpty() && !Objects.equals(pendingBecome, become)) flush();
        pendingBecome = become;
        for (Step step : steps) pending.add(new PendingStep(step, outcomeIndex, task));
    }

    /** The host stops as it is: what was queued is never sent. Returns the outcomes of the changes left out. */
    List<Integer> drop() {
        List<Integer> left = pending.stream().map(PendingStep::outcomeIndex).toList();
        pending.clear();
        return left;
    }

    /**
     * Carries out every pending change in one exec; on a failure the failing task is marked and the host stops
     * ({@link HostStop.StepsFailed}).
     */
    void flush() throws TransportException {
        if (!pending.isEmpty()) flush(pendingBecome, null, null);
    }

    /**
     * Carries out every pending change, then {@code last} and the fact script {@code after}, in one exec as
     * {@code become}; on a failure of a pending change its task is marked and the host stops.
     */
    StepBatch.Finished flush(Become become, Step last, String after) throws TransportException {
        if (!pending.isEmpty() && !Objects.equals(pendingBecome, become)) flush();
        List<PendingStep> steps = List.copyOf(pending);
        pending.clear();
        StepBatch.Finished finished;
        long start = System.nanoTime();
        try {
            finished = StepBatch.run(connection(become), steps.stream().map(PendingStep::step).toList(), last, after);
        } catch (StepBatch.Broken e) {
            HonestRecap.connectionLost(outcomes.list(), steps.stream().map(PendingStep::outcomeIndex).toList(), e.progress, e.cause);
            throw e.cause;
        } finally {
            state.applyNanos += System.nanoTime() - start;
        }
        List<StepBatch.Outcome> results = finished.outcomes();
        for (int i = 0; i < steps.size(); i++) {
            StepBatch.Outcome r = results.get(i);
            if (r.exitCode() != null && r.exitCode() == 0) continue;
            String why = r.exitCode() == null ? "did not run (the batch ended early)"
                    : r.output().strip().isEmpty() ? "exit code " + r.exitCode() : r.output().strip();
            outcomes.stepFailed(steps.get(i).outcomeIndex(), steps.get(i).task(), why);
            state.facts.clear();
            throw new HostStop.StepsFailed();
        }
        return finished;
    }
}
