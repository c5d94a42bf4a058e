package dev.opsctl.report;

import dev.opsctl.plan.HostResult;
import dev.opsctl.exec.Progress;
import dev.opsctl.term.Escape;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Progress without a terminal (cron mail, CI logs): one timestamped line per host and phase, and one when the host is
 * done. Lines are whole and never redrawn.
 */
public final class LogProgress implements Progress {
    private final PrintWriter out;
    private final Clock clock;
    private final Map<String, Phase> last = new ConcurrentHashMap<>();

    public LogProgress(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void phase(String host, Phase phase, String detail) {
        if (last.put(host, phase) == phase) return;
        line(host, phase.label());
    }

    @Override
    public void played(HostResult r, boolean finished) {
        if (!finished) return;
        last.remove(r.host());
        line(r.host(), outcome(r));
    }

    /** "done: 3 changed", "failed", "unreachable: REASON". */
    static String outcome(HostResult r) {
        return switch (r.state()) {
            case UNREACHABLE -> "unreachable: " + dev.opsctl.transport.TransportException.reasonFor(r.host(), r.error());
            case FAILED -> "failed" + (r.error() == null ? "" : ": " + r.error());
            case OK -> "done" + (changes(r) == 0 ? ", no changes" : ", " + changes(r) + (changes(r) == 1 ? " change" : " changes"));
        };
    }

    static long changes(HostResult r) {
        return r.outcomes().stream().filter(o -> o.action().isChange()).count();
    }

    private void line(String host, String what) {
        String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        synchronized (out) {
            out.println(at + " " + Escape.text(host) + " " + Escape.text(what));
            out.flush();
        }
    }
}
