package dev.opsctl.report;

import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.HostStats;
import dev.opsctl.exec.Progress;
import dev.opsctl.term.Escape;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress on a terminal: below the output, one status line per host at work and a total line, redrawn in place;
 * each host's result is printed above them as soon as that host is done.
 */
public final class LiveProgress implements Progress, AutoCloseable {
    private static final String UP_AND_CLEAR = "\u001b[%dF\u001b[J";
    private static final long REDRAW_MILLIS = 100;

    private final PrintWriter screen;
    private final PrintWriter sections;
    private final TextReport report;
    private final int hostCount;
    private final int width;
    private final int height;
    private final boolean colour;
    private final Map<String, String> working = new LinkedHashMap<>();
    private final Map<String, List<TaskOutcome>> outcomes = new HashMap<>();
    private final Set<String> shown = new LinkedHashSet<>();
    private int ok;
    private int failed;
    private int unreachable;
    private int drawn;
    private boolean dirty;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "opsctl-progress");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param screen   the terminal, raw: status lines and cursor movement go here
     * @param sections the same terminal through {@link ColourLines} when colour is on: host results go here
     */
    public LiveProgress(PrintWriter screen, PrintWriter sections, TextReport report, int hostCount, int width, int height,
                        boolean colour) {
        this.screen = screen;
        this.sections = sections;
        this.report = report;
        this.hostCount = hostCount;
        this.width = Math.max(20, width);
        this.height = Math.max(4, height);
        this.colour = colour;
        timer.scheduleAtFixedRate(this::redrawIfDirty, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void phase(String host, Phase phase, String detail) {
        working.put(host, phase.label() + (detail.isEmpty() ? "" : " " + detail));
        dirty = true;
    }

    @Override
    public synchronized void played(HostResult r, boolean finished) {
        outcomes.computeIfAbsent(r.host(), k -> new ArrayList<>()).addAll(r.outcomes());
        if (!finished) return;
        working.remove(r.host());
        switch (r.state()) {
            case OK -> ok++;
            case FAILED -> failed++;
            case UNREACHABLE -> unreachable++;
        }
        erase();
        report.printHost(new HostResult(r.host(), outcomes.remove(r.host()), r.state(), r.error(), HostStats.NONE, Map.of()), sections);
        sections.println(Escape.text(r.host() + ": " + LogProgress.outcome(r)));
        sections.flush();
        shown.add(r.host());
        draw();
    }

    /** Hosts whose result is already on the screen. */
    public synchronized Set<String> shown() {
        return Set.copyOf(shown);
    }

    /** Stops redrawing and clears the status lines; what was printed above them stays. */
    @Override
    public synchronized void close() {
        timer.shutdownNow();
        erase();
        screen.flush();
    }

    private synchronized void redrawIfDirty() {
        if (!dirty || timer.isShutdown()) return;
        erase();
        draw();
    }

    private void erase() {
        if (drawn > 0) screen.print(String.format(UP_AND_CLEAR, drawn));
        drawn = 0;
    }

    private void draw() {
        List<String> lines = new ArrayList<>();
        int room = height - 2;
        int i = 0;
        for (Map.Entry<String, String> e : working.entrySet()) {
            if (i++ == room && working.size() > room + 1) {
                lines.add("  ... and " + (working.size() - room) + " more hosts at work");
                break;
            }
            lines.add(fit("  " + Escape.text(e.getKey()) + "  " + Escape.text(e.getValue())));
        }
        int done = ok + failed + unreachable;
        String total = fit(done + "/" + hostCount + " hosts done, " + working.size() + " at work"
                + (failed > 0 ? ", " + failed + " failed" : "") + (unreachable > 0 ? ", " + unreachable + " unreachable" : ""));
        lines.add(colour ? "\u001b[1m" + total + "\u001b[0m" : total);
        for (String l : lines) screen.println(l);
        screen.flush();
        drawn = lines.size();
        dirty = false;
    }

    /** A status line never wraps: a wrapped line would break the redraw. */
    private String fit(String line) {
        return line.length() < width ? line : line.substring(0, width - 2) + "…";
    }
}
