package dev.opsctl.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.metrics.Deployment;
import dev.opsctl.metrics.FourKeys;
import dev.opsctl.metrics.JournalDeployments;
import dev.opsctl.metrics.MetricsQuery;
import dev.opsctl.metrics.MetricsReport;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** opsctl metrics over runs as the journal stores them (a real SQLite journal), not over an imported file. */
class JournalDeploymentsTest {
    private static final Instant T0 = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path tmp;

    private static RunRecord started(String id, String kind, Instant start, String commit, Instant authored, String... hosts) {
        return new RunRecord(id, kind, RunRecord.Result.UNFINISHED, null, start, null, "alice", "ctl", List.of(), "opsctl " + kind,
                "reboot".equals(kind) ? null : "/srv/site.yml", new GitInfo(commit, "main", false, authored), "/srv/inv.yml", null, null, null,
                null, null, java.util.Arrays.stream(hosts).map(h -> HostRecord.notStarted(h, List.of("web", "production"))).toList());
    }

    private static void finish(Journal j, String id, String host, String outcome, RunRecord.Result result, Instant end) throws SQLException {
        j.hostFinished(id, new HostRecord(host, List.of("web", "production"), outcome, null, List.of(), null, end.minusSeconds(60), end));
        j.ended(id, result, result == RunRecord.Result.SUCCESS ? 0 : 2, null, end);
    }

    @Test
    void theFourKeysComeFromTheJournalsRuns() throws Exception {
        JournalLocation where = new JournalLocation.Sqlite(tmp.resolve("journal.db"));
        try (Journal j = Journal.open(where)) {
            // c1, written 4 h before, applied and done at T0+10min: lead time 4 h 10 min.
            j.started(started("r1", "apply", T0, "c1", T0.minus(Duration.ofHours(4)), "web1"));
            finish(j, "r1", "web1", "changed", RunRecord.Result.SUCCESS, T0.plus(Duration.ofMinutes(10)));
            // A day later c2 fails on web1 ...
            Instant day2 = T0.plus(Duration.ofDays(1));
            j.started(started("r2", "apply", day2, "c2", day2.minus(Duration.ofHours(2)), "web1"));
            finish(j, "r2", "web1", "failed", RunRecord.Result.FAILED, day2.plus(Duration.ofMinutes(5)));
            // ... and c3 restores it 3 h later: time to restore 3 h (failed run's end to the restoring run's end).
            j.started(started("r3", "apply", day2.plus(Duration.ofHours(3)), "c3", day2.plus(Duration.ofHours(2)), "web1"));
            finish(j, "r3", "web1", "changed", RunRecord.Result.SUCCESS, day2.plus(Duration.ofHours(3)).plus(Duration.ofMinutes(5)));
            // A reboot is a run, not a deployment of a change.
            j.started(started("r4", "reboot", day2.plus(Duration.ofHours(5)), null, null, "web1"));
            finish(j, "r4", "web1", "changed", RunRecord.Result.SUCCESS, day2.plus(Duration.ofHours(5)).plus(Duration.ofMinutes(2)));
        }

        JournalDeployments source = new JournalDeployments(() -> {
            try {
                return Journal.open(where);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "test journal");
        List<Deployment> runs = source.deployments(T0.minus(Duration.ofDays(1)));
        assertThat(runs).extracting(Deployment::runId).containsExactly("r1", "r2", "r3", "r4");
        assertThat(runs.get(1).result()).isEqualTo(Deployment.Result.FAILED);
        assertThat(runs.get(1).failedHosts()).containsExactly("web1");
        assertThat(runs.get(3).kind()).isEqualTo(Deployment.Kind.REBOOT);
        assertThat(runs.get(0).commitTime()).isEqualTo(T0.minus(Duration.ofHours(4)));

        MetricsQuery q = new MetricsQuery(T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(7)), "production",
                MetricsQuery.DEFAULT_FAILURE_WINDOW, ZoneOffset.UTC);
        MetricsReport report = FourKeys.compute(runs, q);
        assertThat(report.applies()).isEqualTo(3);
        assertThat(report.changeFailureRate().failedChanges()).hasSize(1);
        assertThat(report.changeFailureRate().rate()).isEqualTo(1.0 / 3);
        assertThat(report.timeToRestore().restored()).isEqualTo(1);
        // Lead times of c1 (4 h 10 min) and c3 (1 h 5 min): their median is their mean.
        assertThat(report.leadTime().commits()).isEqualTo(2);
        assertThat(report.leadTime().median()).isEqualTo(Duration.ofMinutes((250 + 65) / 2).plusSeconds(30));
    }
}
