package dev.opsctl.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four keys over a 30-day history with answers worked out by hand. The history is
 * {@code src/test/resources/metrics/history-30d.json} (the documented import shape); all times UTC, 2026:
 *
 * <pre>
 * run  when (start-end)        kind    playbook   result      commit (authored)   hosts
 * r00  Oct 20 10:00-10:10      apply   site.yml   success     c0 (Oct 19 10:00)   web1 web2   before the period
 * r01  Nov 2  10:00-10:10      apply   site.yml   success     c1 (Nov 1 10:00)    web1 web2
 * r21  Nov 3  12:00-12:05      apply   stage.yml  success     5a (Nov 3 11:00)    stage1      staging only
 * r02  Nov 4  10:00-10:05      apply   site.yml   success     c2 (Nov 4 08:00)    web1 web2
 * r03  Nov 4  15:00-15:05      apply   site.yml   success     c2 again            web1 web2
 * r04  Nov 6  09:00-09:10      apply   site.yml   failed      c3 (Nov 5 09:00)    web1 failed, web2 ok
 * r05  Nov 6  11:00-11:10      apply   site.yml   success     c3                  web1 web2
 * r06  Nov 10 10:00-10:10      apply   site.yml   success     c4 (Nov 9 22:00)    web1 web2
 * r07  Nov 10 10:30-10:40      reboot  -          failed      -                   web2 failed
 * r08  Nov 12 14:00-14:02      apply   site.yml   refused     c4                  web1 web2
 * r09  Nov 16 09:00-09:10      apply   site.yml   success     c5 (Nov 13 09:00)   web1 web2
 * r10  Nov 17 09:00-09:10      apply   site.yml   success     c4 (back to r06's)  web1 web2
 * r11  Nov 19 16:00-16:20      apply   site.yml   failed      c6 (Nov 19 12:00)   both failed
 * r12  Nov 19 17:00-17:05      apply   site.yml   failed      c6                  both failed
 * r13  Nov 20 08:00-08:20      apply   site.yml   success     c7 (Nov 19 18:00)   web1 web2
 * r14  Nov 23 10:00-10:10      apply   site.yml   success     c8 (Nov 23 09:00)   web1 web2
 * r15  Nov 24 10:00-10:10      apply   site.yml   success     c9 (Nov 23 10:00)   web1 web2
 * r16  Nov 25 10:00-10:10      apply   site.yml   success     ca (Nov 25 09:50)   web1 web2
 * r17  Nov 25 10:30-10:40      apply   stage.yml  failed      5b (Nov 25 10:00)   stage1      staging only
 * r18  Nov 26 10:00-(killed)   apply   site.yml   unfinished  cb (Nov 26 09:00)   web1 web2
 * r19  Nov 27 10:00-10:10      apply   site.yml   success     cb                  web1 web2
 * r20  Nov 30 09:00-09:10      apply   site.yml   success     cc (Nov 30 08:00)   web1 web2
 * </pre>
 *
 * The period is the 30 days before Mon Nov 30 12:00: from Sat Oct 31 12:00. Whole calendar weeks inside it: Nov 2, 9,
 * 16 and 23; no whole calendar month. web1 and web2 are in the group production; stage1 in staging.
 */
class FourKeysTest {
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Path HISTORY = Path.of("src/test/resources/metrics/history-30d.json");

    static MetricsQuery last30Days(String group, Duration window) {
        return new MetricsQuery(NOW.minus(Duration.ofDays(30)), NOW, group, window, ZoneOffset.UTC);
    }

    static MetricsReport report(String group, Duration window) throws Exception {
        return FourKeys.compute(DeploymentFile.read(HISTORY), last30Days(group, window));
    }

    @Test
    void productionOverThirtyDays() throws Exception {
        MetricsReport r = report("production", MetricsQuery.DEFAULT_FAILURE_WINDOW);

        // Runs in the period touching production: r01-r16 and r18-r20 (r17, r21 are staging; r00 is before) = 19.
        // Applies that reached hosts: those 19 less the reboot r07 and the refused r08 = 17.
        assertThat(r.runs()).isEqualTo(19);
        assertThat(r.applies()).isEqualTo(17);

        // Deployment days (a successful apply ended that day): Nov 2, 4, 6, 10, 16, 17, 20, 23, 24, 25, 27, 30 = 12.
        // Per whole week: Nov 2: 2, 4, 6 = 3; Nov 9: 10 = 1; Nov 16: 16, 17, 20 = 3; Nov 23: 23, 24, 25, 27 = 4.
        // Median of [1, 3, 3, 4] = 3 days a week: at least 1 and under 5, so high. No whole month: 12 days x 30/30.
        DeploymentFrequency f = r.frequency();
        assertThat(f.deploymentDays()).isEqualTo(12);
        assertThat(f.wholeWeeks()).isEqualTo(4);
        assertThat(f.medianDaysPerWeek()).isEqualTo(3.0);
        assertThat(f.medianDaysPerMonth()).isEqualTo(12.0);
        assertThat(f.bucket()).isEqualTo(DeploymentFrequency.Bucket.HIGH);

        // Lead time, each commit at its first successful apply (c2 again in r03 and c4 again in r10 do not count):
        // c1 24h10m, c2 2h05m, c3 26h10m (r05 Nov 6 11:10), c4 12h10m, c5 72h10m, c7 14h20m, c8 1h10m, c9 24h10m,
        // ca 20m, cb 25h10m (r19 Nov 27 10:10), cc 1h10m. Sorted, the 6th of 11: 14h20m.
        assertThat(r.leadTime().commits()).isEqualTo(11);
        assertThat(r.leadTime().median()).isEqualTo(Duration.ofHours(14).plusMinutes(20));
        assertThat(r.leadTime().appliesWithoutCommit()).isZero();

        // Failed changes: r04 failed; r06 followed 20 minutes later by the failed reboot r07 on web2; r09 rolled back
        // by r10 (c4, which r06 had deployed before r09); r11 and r12 failed; r18 unfinished. 6 of 17 = 35.3%: above 30%, low.
        // r16 is followed 20 minutes later by the failed r17, but on stage1, not one of its hosts.
        ChangeFailureRate cfr = r.changeFailureRate();
        assertThat(cfr.failedChanges()).extracting(ChangeFailureRate.FailedChange::runId)
                .containsExactly("r04", "r06", "r09", "r11", "r12", "r18");
        assertThat(cfr.failedChanges()).extracting(ChangeFailureRate.FailedChange::reason).containsExactly("failed",
                "followed by failed run r07 within 1h", "rolled back by r10 (an earlier commit, c4c4c4c)", "failed", "failed", "unfinished");
        assertThat(cfr.applies()).isEqualTo(17);
        assertThat(cfr.rate()).isEqualTo(6.0 / 17);
        assertThat(cfr.bucket()).isEqualTo(ChangeFailureRate.Bucket.LOW);

        // Time to restore: r04 (ended Nov 6 09:10, web1) -> r05 ended 11:10 = 2h; r11 (ended Nov 19 16:20) -> r13
        // ended Nov 20 08:20 = 16h, r12 in between is the same outage; r18 (killed, last known at its start Nov 26
        // 10:00) -> r19 ended Nov 27 10:10 = 24h10m. Median of [2h, 16h, 24h10m] = 16h.
        assertThat(r.timeToRestore().restored()).isEqualTo(3);
        assertThat(r.timeToRestore().unrestored()).isZero();
        assertThat(r.timeToRestore().median()).isEqualTo(Duration.ofHours(16));
    }

    @Test
    void everyRunWithoutAGroup() throws Exception {
        MetricsReport r = report(null, MetricsQuery.DEFAULT_FAILURE_WINDOW);

        // Staging adds r21 (success, Nov 3) and r17 (failed): 21 runs, 19 applies.
        assertThat(r.runs()).isEqualTo(21);
        assertThat(r.applies()).isEqualTo(19);
        // Nov 3 is a new deployment day: 13 days; week Nov 2 now 4 days: median of [1, 3, 4, 4] = 3.5, still high.
        assertThat(r.frequency().deploymentDays()).isEqualTo(13);
        assertThat(r.frequency().medianDaysPerWeek()).isEqualTo(3.5);
        assertThat(r.frequency().bucket()).isEqualTo(DeploymentFrequency.Bucket.HIGH);
        // 5a adds 1h05m: 12 lead times; the mean of the 6th and 7th (12h10m, 14h20m) = 13h15m.
        assertThat(r.leadTime().commits()).isEqualTo(12);
        assertThat(r.leadTime().median()).isEqualTo(Duration.ofHours(13).plusMinutes(15));
        // r17 failed: 7 of 19.
        assertThat(r.changeFailureRate().rate()).isEqualTo(7.0 / 19);
        // r17 is never followed by a successful stage.yml: one outage not restored; the median is unchanged.
        assertThat(r.timeToRestore().restored()).isEqualTo(3);
        assertThat(r.timeToRestore().unrestored()).isEqualTo(1);
        assertThat(r.timeToRestore().median()).isEqualTo(Duration.ofHours(16));
    }

    @Test
    void aShorterFailureWindowNoLongerBlamesTheApplyBeforeAFailedReboot() throws Exception {
        // r07 started 20 minutes after r06 ended: outside a 10-minute window, so 5 of 17.
        MetricsReport r = report("production", Duration.ofMinutes(10));
        assertThat(r.changeFailureRate().failedChanges()).extracting(ChangeFailureRate.FailedChange::runId)
                .containsExactly("r04", "r09", "r11", "r12", "r18");
    }

    @Test
    void weeklySeriesForTheCharts() throws Exception {
        List<WeekRow> weeks = report("production", MetricsQuery.DEFAULT_FAILURE_WINDOW).weeks();
        // Oct 26 (holds Oct 31-Nov 1, no runs), Nov 2, 9, 16, 23 (whole) and Nov 30 (holds Nov 30 until noon).
        assertThat(weeks).extracting(WeekRow::monday).containsExactly(LocalDate.of(2026, 10, 26), LocalDate.of(2026, 11, 2),
                LocalDate.of(2026, 11, 9), LocalDate.of(2026, 11, 16), LocalDate.of(2026, 11, 23), LocalDate.of(2026, 11, 30));
        assertThat(weeks).extracting(WeekRow::whole).containsExactly(false, true, true, true, true, false);
        assertThat(weeks).extracting(WeekRow::deploymentDays).containsExactly(0, 3, 1, 3, 4, 1);
        // Applies: Nov 2 r01-r05; Nov 9 r06; Nov 16 r09-r13; Nov 23 r14-r16, r18, r19; Nov 30 r20.
        assertThat(weeks).extracting(WeekRow::applies).containsExactly(0, 5, 1, 5, 5, 1);
        assertThat(weeks).extracting(WeekRow::failedChanges).containsExactly(0, 1, 1, 3, 1, 0);
        // Week of Nov 2: c1 24h10m, c2 2h05m, c3 26h10m: median 24h10m.
        assertThat(weeks.get(1).medianLeadTime()).isEqualTo(Duration.ofHours(24).plusMinutes(10));
        assertThat(weeks.get(0).medianLeadTime()).isNull();
    }

    @Test
    void aLateMergedOlderCommitIsNoRollbackButGoingBackToADeployedOneIs() {
        List<Deployment.DeployedHost> web = List.of(new Deployment.DeployedHost("web1", List.of("production"), Deployment.HostOutcome.CHANGED));
        // x1 deploys A (authored Nov 10); x2 deploys B, a branch commit authored Nov 5 but merged after A: not a rollback
        // of x1. x3 goes back to A, which x1 had deployed before x2: x2 was rolled back.
        List<Deployment> runs = List.of(
                apply("x1", "2026-11-10T10:00:00Z", "a".repeat(40), "2026-11-10T09:00:00Z", web),
                apply("x2", "2026-11-11T10:00:00Z", "b".repeat(40), "2026-11-05T09:00:00Z", web),
                apply("x3", "2026-11-12T10:00:00Z", "a".repeat(40), "2026-11-10T09:00:00Z", web));
        MetricsReport r = FourKeys.compute(runs, last30Days(null, MetricsQuery.DEFAULT_FAILURE_WINDOW));
        assertThat(r.changeFailureRate().failedChanges()).extracting(ChangeFailureRate.FailedChange::runId).containsExactly("x2");
        assertThat(r.changeFailureRate().failedChanges().get(0).reason()).isEqualTo("rolled back by x3 (an earlier commit, aaaaaaa)");
    }

    private static Deployment apply(String id, String start, String commit, String authored, List<Deployment.DeployedHost> hosts) {
        Instant s = Instant.parse(start);
        return new Deployment(id, Deployment.Kind.APPLY, "site.yml", s, s.plusSeconds(300), Deployment.Result.SUCCESS, commit,
                Instant.parse(authored), hosts);
    }

    @Test
    void bucketsFollowDevLakesCriteria() {
        assertThat(DeploymentFrequency.bucket(5, 20)).isEqualTo(DeploymentFrequency.Bucket.ELITE);
        assertThat(DeploymentFrequency.bucket(4.5, 19)).isEqualTo(DeploymentFrequency.Bucket.HIGH);
        assertThat(DeploymentFrequency.bucket(0.5, 2)).isEqualTo(DeploymentFrequency.Bucket.MEDIUM);
        assertThat(DeploymentFrequency.bucket(0, 0.5)).isEqualTo(DeploymentFrequency.Bucket.LOW);
        assertThat(ChangeFailureRate.bucket(0.15)).isEqualTo(ChangeFailureRate.Bucket.ELITE);
        assertThat(ChangeFailureRate.bucket(0.2)).isEqualTo(ChangeFailureRate.Bucket.HIGH);
        assertThat(ChangeFailureRate.bucket(0.3)).isEqualTo(ChangeFailureRate.Bucket.MEDIUM);
        assertThat(ChangeFailureRate.bucket(0.31)).isEqualTo(ChangeFailureRate.Bucket.LOW);
    }

    @Test
    void anEmptyPeriodHasNoMediansAndLowFrequency() throws Exception {
        MetricsReport r = FourKeys.compute(List.of(), last30Days(null, MetricsQuery.DEFAULT_FAILURE_WINDOW));
        assertThat(r.frequency().bucket()).isEqualTo(DeploymentFrequency.Bucket.LOW);
        assertThat(r.leadTime().median()).isNull();
        assertThat(r.changeFailureRate().rate()).isNaN();
        assertThat(r.changeFailureRate().bucket()).isNull();
        assertThat(r.timeToRestore().median()).isNull();
    }

    @Test
    void aBadImportFileIsNamedWithLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("runs.json");
        Files.writeString(f, "[\n  {\"run_id\": \"a\", \"start\": \"2026-11-02T10:00:00Z\", \"result\": \"success\"},\n"
                + "  {\"run_id\": \"b\", \"start\": \"yesterday\", \"result\": \"success\"}\n]\n");
        assertThatThrownBy(() -> DeploymentFile.read(f)).isInstanceOf(DeploymentFile.Invalid.class)
                .hasMessage(f + ":3:3: deployment 2: 'start' is not a time with an offset such as 2026-11-02T10:00:00Z: yesterday");
        Files.writeString(f, "[{\"run_id\": \"a\", \"start\": \"2026-11-02T10:00:00Z\", \"result\": \"done\"}]");
        assertThatThrownBy(() -> DeploymentFile.read(f))
                .hasMessage(f + ":1:2: deployment 1: 'result' must be one of success, failed, refused, cancelled, unfinished, not 'done'");
        Files.writeString(f, "[{\"run_id\": \"a\",,}]");
        assertThatThrownBy(() -> DeploymentFile.read(f)).hasMessageStartingWith(f + ":1:");
    }
}
