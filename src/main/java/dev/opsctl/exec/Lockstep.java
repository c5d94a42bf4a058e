package dev.opsctl.exec;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Keeps the hosts of one batch in step, task by task, as Ansible's default {@code linear} strategy does: no host starts
 * a task until every host still in the batch has finished the one before. Only plays that can tell the difference get
 * it ({@link LockstepRule}); the others keep the independent path ({@link #FREE}).
 *
 * <p>Every host of the batch has a thread of its own (a host waiting at the barrier must not keep another from
 * reaching it), and {@code forks} slots bound how many carry out a task at once: a host holds a slot while it works
 * and gives it back while it waits. A host that fails, is unreachable or ends its play leaves, so the others never
 * wait for it.
 */
final class Lockstep {
    /** The independent path: nobody waits. */
    static final Lockstep FREE = new Lockstep(0, 1, null);

    private final Phaser barrier;
    private final Semaphore slots;
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    /** What {@link #nextTask} reports, read as each phase advances; and those readings by the phase they ended. */
    private volatile Supplier<?> turnState;
    private final Map<Integer, Optional<Object>> atAdvance = new ConcurrentHashMap<>();
    /** Why the play runs in step (for the docs' rule and -v output), or null for {@link #FREE}. */
    private final String reason;

    private Lockstep(int hosts, int forks, String reason) {
        // Never terminated: every host may leave for a while (waiting for a run_once host) and come back.
        this.barrier = reason == null ? null : new Phaser(hosts) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                // The batch's state at the very moment every host is done with the task: a host that wakes late
                // must not see a failure another host had meanwhile, in the next task.
                Supplier<?> state = turnState;
                atAdvance.put(phase, Optional.ofNullable(state == null ? null : state.get()));
                return false;
            }
        };
        this.slots = reason == null ? null : new Semaphore(Math.max(1, forks), true);
        this.reason = reason;
    }

    /** A barrier for {@code hosts} hosts, {@code forks} of which work at once; {@link #FREE} when {@code reason} is null. */
    static Lockstep of(int hosts, int forks, String reason) {
        return reason == null ? FREE : new Lockstep(hosts, forks, reason);
    }

    boolean inStep() {
        return reason != null;
    }

    String reason() {
        return reason;
    }

    /** {@code host} begins its play: it waits for a slot before it connects. */
    void begin(String host) {
        if (reason == null) return;
        slots.acquireUninterruptibly();
        holding.add(host);
    }

    /**
     * {@code host} is done with a task and may start the next one only when every host still here is done with it too.
     * Returns what {@code atTurn} says at that moment, before this host waits for a slot: the batch's state as the
     * task starts for all its hosts (a host that fails meanwhile, while this one waits for a slot, does not count).
     */
    <T> T nextTask(String host, Supplier<T> atTurn) {
        if (reason == null) return atTurn.get();
        turnState = atTurn;
        release(host);
        // arriveAndAwaitAdvance returns the phase it advanced to; onAdvance was told the one that ended.
        int ended = barrier.arriveAndAwaitAdvance() - 1;
        Optional<Object> read = atAdvance.get(ended);
        @SuppressWarnings("unchecked")
        T seen = read != null ? (T) read.orElse(null) : atTurn.get();
        slots.acquireUninterruptibly();
        holding.add(host);
        return seen;
    }

    /**
     * Waits for another host ({@code run_once}) out of step: without keeping a slot that host may need, and outside the
     * barrier, which that host passes alone meanwhile (the tasks of a run_once include run on it only). Back in step
     * afterwards, at the task the others are at.
     */
    <T> T waiting(String host, Supplier<T> wait) {
        if (reason == null) return wait.get();
        release(host);
        barrier.arriveAndDeregister();
        try {
            return wait.get();
        } finally {
            barrier.register();
            slots.acquireUninterruptibly();
            holding.add(host);
        }
    }

    /** {@code host} is done with the play (finished, failed, unreachable, stopped, or never started). */
    void leave(String host) {
        if (reason == null) return;
        release(host);
        barrier.arriveAndDeregister();
    }

    private boolean release(String host) {
        if (!holding.remove(host)) return false;
        slots.release();
        return true;
    }
}
