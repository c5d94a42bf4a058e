package dev.opsctl.bench;

import dev.opsctl.bench.FleetBench.Check;
import dev.opsctl.bench.FleetBench.PlanExecs;
import dev.opsctl.bench.FleetBench.Results;
import java.io.PrintStream;
import java.util.Locale;
import java.util.stream.Stream;

/** The benchmark's printed result: times, ratios, targets met or not, and the correctness checks with every problem. */
final class Report {
    private Report() {}

    /** A performance target: {@code value} (a ratio) must be at most, or at least, {@code limit}. */
    private record Target(String what, Measurement.Ratio value, double limit, boolean atMost) {
        String mark(double v) {
            boolean met = atMost ? v <= limit : v >= limit;
            return String.format(Locale.ROOT, "%6.2fx %-8s", v, met ? "met" : "NOT met");
        }
    }

    static void print(Results r, PrintStream out) {
        header(r, out);
        times(r, out);
        ratiosAndTargets(r, out);
        execs(r.planExecs(), out);
        checks(r, out);
    }

    private static void header(Results r, PrintStream out) {
        out.println();
        out.printf("opsctl fleet benchmark: %d hosts per fleet, forks %d, %s%n", r.options().hosts(), r.options().forks(),
                r.options().users() ? "bench/site.yml" : "bench/site.yml without the user, group and owner tasks (--no-users)");
        out.printf("machine: %d CPUs, %s; load average before start %s%s%n", r.machine().cpus(), r.machine().model(),
                r.machine().loadAverage(), r.machine().busy() ? " (other work was running: times are noisier)" : "");
        out.println("versions: " + r.versions());
        out.println("CPU s is the whole machine's busy time during the step (client, hosts' sshd and anything else running).");
        out.println();
    }

    private static void times(Results r, PrintStream out) {
        out.printf("%-32s %8s %8s %8s%n", "step", "wall s", "CPU s", "busy");
        int cpus = r.machine().cpus();
        Stream.of(r.floor(), r.opsctlCold(), r.opsctlNoChange(), r.opsctlPlan(), r.ansibleCold(), r.ansibleNoChange())
                .filter(m -> m != null)
                .forEach(m -> out.printf(Locale.ROOT, "%-32s %8.2f %8.2f %7.0f%%%n", m.step(), m.wallSeconds(), m.cpuSeconds(),
                        100 * m.cpuSeconds() / (m.wallSeconds() * cpus)));
        out.println("busy: CPU s / (wall s x CPUs). Near 100% the machine was saturated, and CPU s then measures wall time, not work.");
        out.println();
    }

    private static void ratiosAndTargets(Results r, PrintStream out) {
        out.printf("%-40s %-16s %-16s%n", "target (ratio)", "wall", "CPU");
        target(out, new Target("opsctl no-change / floor <= 1.5", r.opsctlNoChange().over(r.floor()), 1.5, true));
        target(out, new Target("opsctl cold / floor <= 3", r.opsctlCold().over(r.floor()), 3, true));
        if (r.ansibleCold() != null) {
            target(out, new Target("ansible / opsctl, no-change >= 20", r.ansibleNoChange().over(r.opsctlNoChange()), 20, false));
            target(out, new Target("ansible / opsctl, cold >= 15", r.ansibleCold().over(r.opsctlCold()), 15, false));
        } else {
            out.println("(no Ansible comparison: --no-ansible, or " + Ansible.PLAYBOOK_COMMAND + " is missing)");
        }
        out.println();
    }

    private static void target(PrintStream out, Target t) {
        out.printf("%-40s %-16s %-16s%n", t.what(), t.mark(t.value().wall()), t.mark(t.value().cpu()));
    }

    private static void execs(PlanExecs e, PrintStream out) {
        if (e == null) {
            out.println("remote execs per host (no-change plan): not reported");
        } else {
            boolean met = e.perHost() == 1.0 && e.maxOfSlowest() == 1;
            out.printf(Locale.ROOT, "remote execs per host (no-change plan): %.1f (%d in all; at most %d on the slowest hosts); target exactly 1: %s%n",
                    e.perHost(), e.total(), e.maxOfSlowest(), met ? "met" : "NOT met");
        }
        out.println();
    }

    private static void checks(Results r, PrintStream out) {
        out.println("checks:");
        for (Check c : r.checks()) {
            out.printf("  %-5s %s%n", c.passed() ? "ok" : "FAIL", c.what());
            for (String p : c.problems()) out.println("        " + p.replace("\n", "\n        "));
        }
        long failed = r.checks().stream().filter(c -> !c.passed()).count();
        out.println(failed == 0 ? "all checks passed" : failed + " check(s) failed");
    }
}
