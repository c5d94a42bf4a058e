package dev.opsctl.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Prints what {@link LatencyBench} measured: medians, round trips per connection, ratios, and one connection's trace. */
final class LatencyReport {
    private LatencyReport() {}

    static void print(Machine before, Machine after, LatencyBench.Options o, List<LatencyBench.Step> steps, PrintStream out) {
        out.printf(Locale.ROOT, "opsctl latency benchmark: %d hosts, forks %d, bench/site.yml no-change, median of %d runs%n",
                o.hosts(), o.forks(), o.repeat());
        out.printf(Locale.ROOT, "machine: %d CPUs, %s; load average before %s, after %s%n", before.cpus(), before.model(),
                before.loadAverage(), after.loadAverage());
        out.println("round trips: per connection, counted by the delay proxy (the client spoke, then the server answered)");
        out.println();
        out.printf(Locale.ROOT, "%-30s %5s %9s %9s  %-22s %s%n", "step", "RTT", "wall s", "CPU s", "runs (wall s)", "round trips/conn (min med max), conns");
        for (LatencyBench.Step s : steps) {
            out.printf(Locale.ROOT, "%-30s %3dms %9.2f %9.2f  %-22s %s%n", s.name(), s.rttMillis(), median(s, true), median(s, false),
                    s.runs().stream().map(m -> String.format(Locale.ROOT, "%.2f", m.wallSeconds())).collect(Collectors.joining(" ")),
                    roundTrips(s));
        }
        out.println();
        out.println("ratios (median wall): opsctl / floor, ansible / opsctl");
        for (int i = 0; i < steps.size(); i++) {
            LatencyBench.Step s = steps.get(i);
            if (!s.name().startsWith("floor")) continue;
            LatencyBench.Step plan = steps.get(i + 1);
            String ansible = "";
            if (i + 2 < steps.size() && steps.get(i + 2).name().startsWith("ansible")) {
                ansible = String.format(Locale.ROOT, "   ansible/opsctl %6.2fx", median(steps.get(i + 2), true) / median(plan, true));
            }
            out.printf(Locale.ROOT, "  %3d ms %-10s opsctl/floor %5.2fx%s%n", s.rttMillis(), s.name().contains("1 host") ? "(1 host)" : "",
                    median(plan, true) / median(s, true), ansible);
        }
        out.println();
        for (LatencyBench.Step s : steps) {
            if (s.rttMillis() == 0 || s.connections().isEmpty() || s.name().startsWith("ansible")) continue;
            DelayProxy.Conversation first = s.connections().get(0);
            out.printf(Locale.ROOT, "trace of one connection, %s at %d ms: %d round trips (client bytes -> server bytes, answer at ms)%n",
                    s.name(), s.rttMillis(), first.count());
            List<String> parts = new ArrayList<>();
            for (DelayProxy.RoundTrip r : first.roundTrips()) {
                parts.add(String.format(Locale.ROOT, "%d->%d @%.0f", r.clientBytes(), r.serverBytes(), r.atMillis()));
            }
            out.println("  " + String.join(", ", parts));
        }
        List<String> problems = steps.stream().flatMap(s -> s.problems().stream().map(p -> s.name() + " at " + s.rttMillis() + " ms: " + p)).toList();
        out.println();
        if (problems.isEmpty()) {
            out.println("all runs succeeded (no-change everywhere)");
        } else {
            out.println("PROBLEMS:");
            problems.forEach(p -> out.println("  " + p));
        }
    }

    private static double median(LatencyBench.Step s, boolean wall) {
        List<Double> v = s.runs().stream().map(m -> wall ? m.wallSeconds() : m.cpuSeconds()).sorted().toList();
        if (v.isEmpty()) return Double.NaN;
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static String roundTrips(LatencyBench.Step s) {
        List<Integer> counts = s.connections().stream().map(DelayProxy.Conversation::count).sorted(Comparator.naturalOrder()).toList();
        if (counts.isEmpty()) return "-";
        return counts.get(0) + " " + counts.get(counts.size() / 2) + " " + counts.get(counts.size() - 1) + ", " + counts.size();
    }
}
