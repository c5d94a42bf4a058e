package dev.opsctl.metrics;

import dev.opsctl.journal.HostRecord;
import dev.opsctl.journal.Journal;
import dev.opsctl.journal.RunRecord;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/** The run journal as {@code opsctl metrics}' source: each journalled apply and reboot as a {@link Deployment}. */
public final class JournalDeployments implements DeploymentSource {
    /** How far before the period runs are read: lead time looks for a commit's first apply, restore for the failure before. */
    private static final Duration LOOK_BACK = Duration.ofDays(365);

    private final Supplier<Journal> journal;
    private final String where;

    /** @param journal opens the journal (once, when the runs are read); @param where names it in the report */
    public JournalDeployments(Supplier<Journal> journal, String where) {
        this.journal = journal;
        this.where = where;
    }

    @Override
    public List<Deployment> deployments(Instant since) throws IOException {
        try (Journal j = journal.get()) {
            return j.runs(since.minus(LOOK_BACK)).stream().map(JournalDeployments::deployment).toList();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return where;
    }

    static Deployment deployment(RunRecord r) {
        Deployment.Kind kind = "reboot".equals(r.kind()) ? Deployment.Kind.REBOOT : Deployment.Kind.APPLY;
        Deployment.Result result = switch (r.result()) {
            case SUCCESS -> Deployment.Result.SUCCESS;
            case FAILED -> Deployment.Result.FAILED;
            case REFUSED -> Deployment.Result.REFUSED;
            case CANCELLED -> Deployment.Result.CANCELLED;
            case UNFINISHED -> Deployment.Result.UNFINISHED;
        };
        List<Deployment.DeployedHost> hosts = r.hosts().stream()
                .map(h -> new Deployment.DeployedHost(h.host(), h.groups(), outcome(h))).toList();
        return new Deployment(r.id(), kind, r.playbook(), r.start(), r.end(), result,
                r.git() == null ? null : r.git().commit(), r.git() == null ? null : r.git().authorTime(), hosts);
    }

    private static Deployment.HostOutcome outcome(HostRecord h) {
        return switch (h.outcome()) {
            case "changed" -> Deployment.HostOutcome.CHANGED;
            case "failed" -> Deployment.HostOutcome.FAILED;
            case "unreachable" -> Deployment.HostOutcome.UNREACHABLE;
            case "ok" -> Deployment.HostOutcome.OK;
            default -> Deployment.HostOutcome.SKIPPED; // not started
        };
    }
}
