package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.HostStats;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/** {@code --stats}: remote execs, bytes and time per phase, totals and the slowest hosts. */
public final class StatsReport {
    private static final int SLOWEST = 5;

    private StatsReport() {}

    public static void print(RunResult run, PrintWriter out) {
        List<HostResult> hosts = run.hosts();
        long execs = sum(hosts, HostStats::execs);
        out.println();
        out.printf("Stats: %d %s in %.2f s wall; %d remote execs (%.1f per host), %s sent, %s received%n",
                hosts.size(), hosts.size() == 1 ? "host" : "hosts", run.wallMillis() / 1000.0, execs,
                hosts.isEmpty() ? 0.0 : (double) execs / hosts.size(),
                bytes(sum(hosts, HostStats::bytesSent)), bytes(sum(hosts, HostStats::bytesReceived)));
        out.println("  phase      sum over hosts   slowest host");
        phase(out, "connect", hosts, HostStats::connectMillis);
        phase(out, "facts", hosts, HostStats::factsMillis);
        phase(out, "plan", hosts, HostStats::planMillis);
        phase(out, "apply", hosts, HostStats::applyMillis);
        out.println("  slowest hosts:");
        hosts.stream()
                .sorted(Comparator.comparingLong((HostResult h) -> h.stats().totalMillis()).reversed())
                .limit(SLOWEST)
                .forEach(h -> out.printf("    %-20s %6d ms (connect %d, facts %d, plan %d, apply %d; %d execs)%n", h.host(),
                        h.stats().totalMillis(), h.stats().connectMillis(), h.stats().factsMillis(), h.stats().planMillis(),
                        h.stats().applyMillis(), h.stats().execs()));
        out.flush();
    }

    private static void phase(PrintWriter out, String name, List<HostResult> hosts, ToLongFunction<HostStats> f) {
        HostResult slowest = hosts.stream().max(Comparator.comparingLong(h -> f.applyAsLong(h.stats()))).orElse(null);
        out.printf("  %-10s %11d ms   %s%n", name, sum(hosts, f),
                slowest == null ? "-" : slowest.host() + " " + f.applyAsLong(slowest.stats()) + " ms");
    }

    private static long sum(List<HostResult> hosts, ToLongFunction<HostStats> f) {
        return hosts.stream().mapToLong(h -> f.applyAsLong(h.stats())).sum();
    }

    private static String bytes(long n) {
        if (n < 10 * 1024) return n + " B";
        if (n < 10L * 1024 * 1024) return (n / 1024) + " KiB";
        return (n / (1024 * 1024)) + " MiB";
    }
}
