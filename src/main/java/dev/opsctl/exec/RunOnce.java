package dev.opsctl.exec;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code run_once} across the hosts of one batch: as in Ansible, the first host of the batch that is still running
 * runs such a task; the others wait for it and take its result (registered values, set_fact variables, notified
 * handlers, failure), as Ansible applies the one result to every host. A host that ends its play early hands the
 * duty to the next one.
 */
final class RunOnce {
    /**
     * What running the task left behind on the host that ran it.
     *
     * @param failure why it failed (and stops the hosts), or null
     */
    record Result(String host, Map<String, Object> vars, Set<String> unknown, List<String> notified, String failure) {}

    private final List<String> batch;
    private final Set<String> left = new HashSet<>();
    private final Map<String, String> runners = new HashMap<>();
    private final Map<String, Result> results = new HashMap<>();

    /** @param batch the batch's hosts, in the order they were started */
    RunOnce(List<String> batch) {
        this.batch = List.copyOf(batch);
    }

    /**
     * Null when {@code host} is to run the task {@code key} (then it must {@link #complete} it), else the result of
     * the host that ran it, once there is one.
     */
    synchronized Result claimOrAwait(String key, String host) {
        while (true) {
            Result done = results.get(key);
            if (done != null) return done;
            if (!runners.containsKey(key) && host.equals(firstRunning())) {
                runners.put(key, host);
                return null;
            }
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for a run_once task", e);
            }
        }
    }

    synchronized void complete(String key, Result result) {
        results.put(key, result);
        notifyAll();
    }

    /** {@code host} is done with the play: the tasks it has not reached fall to the next host. */
    synchronized void leave(String host) {
        left.add(host);
        notifyAll();
    }

    private String firstRunning() {
        for (String h : batch) if (!left.contains(h)) return h;
        return null;
    }
}
