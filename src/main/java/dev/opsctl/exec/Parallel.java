package dev.opsctl.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Runs one piece of work per host on daemon threads, at most {@code threads} at once, and keeps the hosts' order. */
public final class Parallel {
    private Parallel() {}

    public static <H, T> List<T> map(List<H> hosts, int threads, String threadName, Function<H, T> work) {
        if (hosts.isEmpty()) return List.of();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, hosts.size())), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (H h : hosts) futures.add(pool.submit((Callable<T>) () -> work.apply(h)));
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) out.add(join(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The future's result; what the work threw is thrown again here. */
    static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }
}
