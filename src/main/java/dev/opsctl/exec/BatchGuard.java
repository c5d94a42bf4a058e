package dev.opsctl.exec;

import dev.opsctl.playbook.Task;
import dev.opsctl.rolling.Rollout;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What the hosts of one batch share while they run: the failure count that halts the batch
 * ({@code any_errors_fatal}, {@code max_fail_percentage}, every host failed), and each task's {@code throttle}.
 * A halt takes effect before each host's next task; in a play that runs in step ({@link Lockstep}) that is the task
 * after the one that failed, for every host, as in Ansible.
 */
final class BatchGuard {
    private final Rollout rollout;
    private final int size;
    private final Map<Task, Semaphore> throttles = new IdentityHashMap<>();
    private final Set<String> stopped = ConcurrentHashMap.newKeySet();
    private int failed;
    private volatile String haltReason;

    private final Lockstep lockstep;

    BatchGuard(Rollout rollout, int size) {
        this(rollout, size, Lockstep.FREE);
    }

    BatchGuard(Rollout rollout, int size, Lockstep lockstep) {
        this.rollout = rollout;
        this.size = size;
        this.lockstep = lockstep;
    }

    /** Whether (and how) the batch's hosts go through the play in step. */
    Lockstep lockstep() {
        return lockstep;
    }

    /** A host of the batch failed (or was unreachable) on its own account. */
    synchronized void hostFailed(String host) {
        failed++;
        if (haltReason == null && rollout.tooManyFailed(failed, size)) {
            haltReason = failed == size ? "every host of the batch failed"
                    : rollout.anyErrorsFatal() ? host + " failed and any_errors_fatal is set"
                    : failed + " of " + size + " hosts failed, more than max_fail_percentage " + percent(rollout.maxFailPercentage());
        }
    }

    /** Why the batch (and the play) stops, or null while it goes on. */
    String haltReason() {
        return haltReason;
    }

    /** Records that {@code host} stopped because of the halt, not a failure of its own. */
    void stopped(String host) {
        stopped.add(host);
    }

    boolean wasStopped(String host) {
        return stopped.contains(host);
    }

    /**
     * The permits of a task with a {@code throttle} ({@code hosts} at once), shared by the batch's hosts; null when it
     * has none. A templated throttle counts as the first host rendered it.
     */
    synchronized Semaphore throttleOf(Task task, Integer hosts) {
        if (hosts == null) return null;
        return throttles.computeIfAbsent(task, t -> new Semaphore(hosts, true));
    }

    private static String percent(double p) {
        return p == Math.rint(p) ? (long) p + "%" : p + "%";
    }
}
