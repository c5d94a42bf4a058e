package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.Halt;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.term.Escape;
import java.io.PrintWriter;

/** The plan and apply output for people: per host, one line per change, then a summary line (and a recap after apply). */
public final class TextReport {
    static final String SUPPRESSED = dev.opsctl.plan.RunPlan.SUPPRESSED;

    private final boolean diff;
    private final boolean verbose;

    public TextReport(boolean diff, boolean verbose) {
        this.diff = diff;
        this.verbose = verbose;
    }

    public void print(RunResult run, PrintWriter out) {
        for (HostResult host : run.hosts()) printHost(host, out);
        printSummary(run, out);
    }

    /** What follows the hosts: the plan line or the recap, errors, and why the run stopped early. */
    public void printSummary(RunResult run, PrintWriter out) {
        Summary s = Summary.of(run);
        if (run.mode() == Mode.PLAN) {
            out.println(planLine(s));
        } else {
            printRecap(run, out);
        }
        if (s.failed() + s.unreachable() > 0) {
            out.println("Errors: " + s.failed() + " failed, " + s.unreachable() + " unreachable.");
        }
        if (run.halt() != null && run.halt().cause() == Halt.Cause.INTERRUPTED) {
            out.println("Interrupted (" + Escape.text(run.halt().reason()) + "): no host started anything after it; changes marked x were not carried out."
                    + (run.halt().notStarted().isEmpty() ? "" : " Not started: " + String.join(", ", run.halt().notStarted()) + "."));
        } else if (run.halt() != null) {
            out.println("Stopped: " + Escape.text(run.halt().reason()) + "."
                    + (run.halt().notStarted().isEmpty() ? "" : " Not started: " + String.join(", ", run.halt().notStarted()) + "."));
        }
        out.flush();
    }

    static String planLine(Summary s) {
        // "No changes." promises the fleet matches; with a host not planned nobody knows that.
        int notPlanned = s.failed() + s.unreachable();
        if (s.changes() == 0 && notPlanned > 0) {
            return "Plan incomplete: no changes on the " + (s.hosts() - notPlanned) + " hosts planned; " + notPlanned
                    + (notPlanned == 1 ? " host" : " hosts") + " could not be planned.";
        }
        if (s.changes() == 0) return "No changes.";
        return "Plan: " + s.count(Action.CREATE) + " to create, " + s.count(Action.UPDATE) + " to update, "
                + s.count(Action.DELETE) + " to delete, " + s.count(Action.RUN) + " to run, on " + s.hosts()
                + (s.hosts() == 1 ? " host" : " hosts") + " (" + s.unchanged() + " unchanged).";
    }

    /** One host's lines; control characters in names and values are shown escaped ({@link Escape}). */
    public void printHost(HostResult host, PrintWriter out) {
        boolean header = false;
        for (TaskOutcome o : host.outcomes()) {
            String line = line(o);
            if (line == null) continue;
            if (!header) {
                out.println(Escape.text(host.host()) + ":");
                header = true;
            }
            out.println(Escape.text(line));
            if (o.noLog()) continue;
            Change c = o.change();
            if (c != null && (o.action().isChange() || verbose)) {
                for (String d : c.details()) out.println("      " + Escape.text(d));
                if (diff && c.diff() != null) {
                    for (String d : c.diff().split("\n")) out.println("      " + Escape.text(d));
                }
            }
        }
        if (host.state() == HostResult.State.UNREACHABLE) {
            out.println(Escape.text(host.host() + ": unreachable: " + reason(host)));
        } else if (host.state() == HostResult.State.FAILED && !header) {
            out.println(Escape.text(host.host() + ": failed" + (host.error() == null ? "" : ": " + host.error())));
        }
    }

    private static String reason(HostResult host) {
        return dev.opsctl.transport.TransportException.reasonFor(host.host(), host.error());
    }

    /** One line for an outcome, or null when it is not worth showing (no-ops without -v). */
    private String line(TaskOutcome o) {
        String name = o.task() + (o.handler() ? " (handler)" : "") + (o.item() != null ? " (item=" + (o.noLog() ? "…" : o.item()) + ")" : "");
        String msg = o.noLog() ? SUPPRESSED : o.message();
        switch (o.status()) {
            case FAILED:
                return "  ! " + name + ": " + msg;
            case RESCUED:
                return "  ! " + name + ": " + msg + " (rescued)";
            case IGNORED:
                return "  ! " + name + ": " + msg + " (ignored)";
            case NOT_DONE:
                return "  x " + name + ": " + (o.change() == null || o.noLog() ? "" : o.change().summary() + ": ") + msg;
            case SKIPPED:
                return verbose ? "  s " + name + ": skipped, " + msg : null;
            default:
                break;
        }
        Change c = o.change();
        if (c == null) return msg == null ? null : "  # " + name + ": " + msg;
        if (o.quietRun()) return "  " + Action.RUN.symbol() + " " + name + ": " + c.summary() + " (runs; reports no change)";
        if (!o.action().isChange()) {
            return verbose ? "    " + name + ": " + c.summary() + (c.details().isEmpty() || o.noLog() ? "" : " (" + String.join("; ", c.details()) + ")") : null;
        }
        return "  " + o.action().symbol() + " " + name + ": " + (o.noLog() ? SUPPRESSED : c.summary());
    }

    private static void printRecap(RunResult run, PrintWriter out) {
        out.println();
        out.println("RECAP");
        int width = run.hosts().stream().mapToInt(h -> h.host().length()).max().orElse(10);
        for (HostResult h : run.hosts()) {
            // As Ansible counts them: an ignored failure is ok (and changed when a command ran), not failed.
            long ignoredRuns = h.outcomes().stream().filter(o -> o.status() == TaskOutcome.Status.IGNORED && o.change() != null
                    && o.change().action() == Action.RUN).count();
            long changed = h.count(TaskOutcome.Status.CHANGED) + ignoredRuns;
            out.printf("%-" + width + "s : ok=%-4d changed=%-4d unreachable=%-4d failed=%-4d skipped=%-4d rescued=%-4d ignored=%d%n", Escape.text(h.host()),
                    h.count(TaskOutcome.Status.OK) + h.count(TaskOutcome.Status.CHANGED) + h.count(TaskOutcome.Status.IGNORED), changed,
                    h.state() == HostResult.State.UNREACHABLE ? 1 : 0,
                    h.count(TaskOutcome.Status.FAILED) > 0 || h.state() == HostResult.State.FAILED ? 1 : 0,
                    h.count(TaskOutcome.Status.SKIPPED), h.count(TaskOutcome.Status.RESCUED), h.count(TaskOutcome.Status.IGNORED));
        }
        long changedHosts = run.hosts().stream().filter(h -> h.count(TaskOutcome.Status.CHANGED) > 0).count();
        out.println("Apply complete: " + changedHosts + " of " + run.hosts().size() + (run.hosts().size() == 1 ? " host" : " hosts") + " changed.");
    }
}
