package dev.opsctl.exec;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * {@code run_once} across the hosts of one play: the first host to reach such a task runs it, the others wait
 * for it and take its result (registered values, set_fact variables, notified handlers, failure), as Ansible
 * applies the one result to every host.
 */
final class RunOnce {
    /**
     * What running the task left behind on the host that ran it.
     *
     * @param failure why it failed (and stops the hosts), or null
     */
    record Result(String host, Map<String, Object> vars, Set<String> unknown, List<String> notified, String failure) {}

    private final Map<String, CompletableFuture<Result>> results = new ConcurrentHashMap<>();

    /** The future to complete when this host is the first to reach {@code key}, else null. */
    CompletableFuture<Result> claim(String key) {
        CompletableFuture<Result> mine = new CompletableFuture<>();
        return results.putIfAbsent(key, mine) == null ? mine : null;
    }

    /** Waits for the host that claimed {@code key}. */
    Result await(String key) {
        try {
            return results.get(key).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for a run_once task", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("run_once task ended without a result", e.getCause());
        }
    }
}
