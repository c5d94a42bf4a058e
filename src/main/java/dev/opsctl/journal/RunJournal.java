package dev.opsctl.journal;

import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.exec.Progress;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.plan.RunResult;
import dev.opsctl.json.Json;
import dev.opsctl.lock.SharedHostLock;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.PlanJson;
import dev.opsctl.plan.PlannedTask;
import dev.opsctl.report.MaskedResult;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One command's entry in the journal, written as the run goes: {@link #start} (the run row, unfinished, and a row per
 * selected host), {@link #hostFinished} as each host is done, {@link #end}. Nothing here ever fails or blocks the run:
 * the first problem is said once on standard error, and the run goes on without its journal.
 */
public final class RunJournal implements AutoCloseable {
    private final JournalLocation where;
    private final PrintWriter err;
    private Journal journal;
    private String runId;
    private boolean cancelled;
    private boolean ended;
    private final Map<String, Instant> hostStarts = new LinkedHashMap<>();

    private RunJournal(JournalLocation where, PrintWriter err) {
        this.where = where;
        this.err = err;
    }

    /** A journal that writes nothing (plan, a dry run, or before a command knows what it runs). */
    public static RunJournal off() {
        return new RunJournal(new JournalLocation.Off(), null);
    }

    /** The journal where this process's settings put it; warnings go to {@code err}. */
    public static RunJournal open(PrintWriter err) {
        JournalLocation where;
        try {
            where = JournalLocation.current();
        } catch (RuntimeException e) {
            RunJournal j = new RunJournal(new JournalLocation.Off(), err);
            j.warn(e);
            return j;
        }
        return new RunJournal(where, err);
    }

    /** Writes the run's first row (its result unfinished) and one not-started row per host. */
    public synchronized void start(RunRecord run) {
        runId = run.id();
        if (where instanceof JournalLocation.Off) return;
        try {
            journal = Journal.open(where);
            journal.started(run);
        } catch (SQLException | RuntimeException e) {
            warn(e);
        }
    }

    /** A new run id: sortable by time, unique across machines. */
    public static String newRunId(Instant at) {
        String time = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(java.time.ZoneOffset.UTC).format(at);
        return time + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String runId() {
        return runId;
    }

    /** The host lock in the journal's database: PostgreSQL's advisory locks; null for SQLite or no journal. */
    public synchronized SharedHostLock hostLock(String holder) {
        if (journal == null || !(where instanceof JournalLocation.Postgres)) return null;
        return new PgHostLock(journal, runId, holder, this::warn);
    }

    /** Whether this process's settings put the journal in PostgreSQL, where runners on other machines share it. */
    public static boolean configuredShared() {
        try {
            return JournalLocation.current() instanceof JournalLocation.Postgres;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The fleet-wide count of hosts down for a sharded reboot of {@code group}, shared through PostgreSQL's advisory
     * locks; null when the journal is not PostgreSQL or could not be opened (the limit cannot be kept).
     */
    public synchronized dev.opsctl.lock.DownSlots downSlots(String group, int size) {
        if (journal == null || !(where instanceof JournalLocation.Postgres)) return null;
        return new PgDownSlots(journal, group, size);
    }

    /** Watches an apply's progress: a host's start when it is first worked on, its row when it is done. */
    public Progress watching(Progress shown) {
        if (journal == null) return shown;
        return new Progress() {
            @Override
            public void phase(String host, Phase phase, String detail) {
                hostStarted(host);
                shown.phase(host, phase, detail);
            }

            @Override
            public void played(HostResult result, boolean finished) {
                if (finished) hostFinished(result);
                shown.played(result, finished);
            }
        };
    }

    private synchronized void hostStarted(String host) {
        if (journal == null || hostStarts.containsKey(host)) return;
        Instant now = Instant.now();
        hostStarts.put(host, now);
        try {
            journal.hostStarted(runId, host, now);
        } catch (SQLException | RuntimeException e) {
            warn(e);
        }
    }

    /** An apply's host is done: its outcome, the changes carried out and its part of the plan, secrets masked. */
    public synchronized void hostFinished(HostResult unmasked) {
        if (journal == null) return;
        try {
            HostResult h = MaskedResult.of(new RunResult(Mode.APPLY, List.of(unmasked), 0, List.of())).hosts().get(0);
            HostPlan plan = RunPlan.of(new RunResult(Mode.APPLY, List.of(h), 0, List.of())).hosts().get(0);
            List<String> changes = new ArrayList<>();
            for (PlannedTask t : plan.tasks()) {
                if (t.status().equals("changed") && t.action().isChange()) {
                    changes.add(t.action().symbol() + " " + t.action().word() + "  " + t.address().task()
                            + (t.summary() == null ? "" : ": " + t.summary()));
                }
            }
            String outcome = switch (h.state()) {
                case FAILED -> "failed";
                case UNREACHABLE -> "unreachable";
                case OK -> h.hasChanges() ? "changed" : "ok";
            };
            journal.hostFinished(runId, new HostRecord(h.host(), List.of(), outcome, h.error(), changes, planJson(plan),
                    hostStarts.getOrDefault(h.host(), Instant.now()), Instant.now()));
        } catch (SQLException | RuntimeException e) {
            warn(e);
        }
    }

    /** A host's outcome decided without the plan model (reboot). */
    public synchronized void hostFinished(String host, String outcome, String error, List<String> changes, Instant start) {
        if (journal == null) return;
        try {
            journal.hostFinished(runId, new HostRecord(host, List.of(), outcome, error, changes, null, start, Instant.now()));
        } catch (SQLException | RuntimeException e) {
            warn(e);
        }
    }

    /** The host's plan as the journal keeps it: the saved-plan form without the steps (scripts and content). */
    static String planJson(HostPlan plan) {
        Map<String, Object> m = PlanJson.savedHost(plan);
        List<Object> tasks = new ArrayList<>();
        for (Object t : (List<?>) m.get("tasks")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> task = new LinkedHashMap<>((Map<String, Object>) t);
            task.put("steps", List.of());
            tasks.add(task);
        }
        m.put("tasks", tasks);
        return Json.write(m);
    }

    /** Who approved the saved plan this run applies (the two-person rule); nothing is written for none. */
    public synchronized void approved(List<String> approvers) {
        if (journal == null || approvers.isEmpty()) return;
        try {
            journal.approved(runId, approvers);
        } catch (SQLException | RuntimeException e) {
            warn(e);
        }
    }

    /** The operator said no: the run ends as cancelled whatever its exit code. */
    public synchronized void cancelled() {
        cancelled = true;
    }

    /** The run is over with {@code exitCode}; {@code message} says why when it was refused or failed before any host. */
    public synchronized void end(int exitCode, String message) {
        if (ended) return;
        ended = true;
        if (journal == null) return;
        try {
            journal.ended(runId, cancelled ? RunRecord.Result.CANCELLED : resultOf(exitCode), exitCode, message, Instant.now());
        } catch (SQLException | RuntimeException e) {
            warn(e);
        }
    }

    /** What an exit code (cli/ExitCode) says about the run. */
    static RunRecord.Result resultOf(int exitCode) {
        return switch (exitCode) {
            case 0 -> RunRecord.Result.SUCCESS;
            case 3, 5 -> RunRecord.Result.REFUSED;
            case 130, 143 -> RunRecord.Result.CANCELLED;
            default -> RunRecord.Result.FAILED;
        };
    }

    private boolean warnedOnce;

    private synchronized void warn(Exception e) {
        if (!warnedOnce && err != null) {
            err.println("warning: the run journal (" + where.describe() + ") cannot be written: " + message(e) + "; the run goes on without it");
            err.flush();
        }
        warnedOnce = true;
        if (journal != null) journal.close();
        journal = null;
    }

    private static String message(Exception e) {
        return String.valueOf(e.getMessage()).strip();
    }

    @Override
    public synchronized void close() {
        if (journal != null) journal.close();
        journal = null;
    }
}
