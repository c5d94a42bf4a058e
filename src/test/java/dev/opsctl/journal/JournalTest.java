package dev.opsctl.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's SQLite store as a run writes it and history reads it, and the pure parts around it. */
class JournalTest {
    @TempDir
    Path tmp;

    private static RunRecord run(String id, Instant start, String... hosts) {
        return new RunRecord(id, "apply", RunRecord.Result.UNFINISHED, null, start, null, "alice", "ctl", List.of("SHA256:abc"),
                "opsctl apply site.yml -e ********", "/srv/site.yml", new GitInfo("0123456789abcdef", "main", false, start.minusSeconds(3600)),
                "/srv/inv.yml", null, "web", "deploy 1.2", "CHG-7", null,
                java.util.Arrays.stream(hosts).map(h -> HostRecord.notStarted(h, List.of("web", "prod"))).toList());
    }

    @Test
    void aRunIsWrittenAsItGoesAndReadBackWithItsHosts() throws Exception {
        JournalLocation where = new JournalLocation.Sqlite(tmp.resolve("state/opsctl/journal.db"));
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        try (Journal j = Journal.open(where)) {
            j.started(run("r1", t0, "h1", "h2"));
            j.hostStarted("r1", "h1", t0.plusSeconds(1));
            j.hostFinished("r1", new HostRecord("h1", List.of(), "changed", null, List.of("+ create  motd"), "{\"name\":\"h1\"}", null,
                    t0.plusSeconds(5)));
            // Killed here: h2 never finished, and the run has no end.
            RunRecord unfinished = j.run("r1").orElseThrow();
            assertThat(unfinished.result()).isEqualTo(RunRecord.Result.UNFINISHED);
            assertThat(unfinished.end()).isNull();
            assertThat(unfinished.hosts()).extracting(HostRecord::host, HostRecord::outcome)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", "changed"), org.assertj.core.groups.Tuple.tuple("h2", "not_started"));
            j.ended("r1", RunRecord.Result.FAILED, 2, null, t0.plusSeconds(9));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state/opsctl/journal.db")))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state/opsctl")))).isEqualTo("rwx------");

        // Opened again: the schema is there already, and everything reads back.
        try (Journal j = Journal.open(where)) {
            j.started(run("r2", t0.plusSeconds(86400), "h2"));
            List<RunRecord> all = j.runs(Instant.EPOCH);
            assertThat(all).extracting(RunRecord::id).containsExactly("r1", "r2");
            RunRecord r1 = all.get(0);
            assertThat(r1.result()).isEqualTo(RunRecord.Result.FAILED);
            assertThat(r1.exitCode()).isEqualTo(2);
            assertThat(r1.end()).isEqualTo(t0.plusSeconds(9));
            assertThat(r1.git()).isEqualTo(new GitInfo("0123456789abcdef", "main", false, t0.minusSeconds(3600)));
            assertThat(r1.keyFingerprints()).containsExactly("SHA256:abc");
            assertThat(r1.reason()).isEqualTo("deploy 1.2");
            HostRecord h1 = r1.hosts().get(0);
            assertThat(h1.groups()).containsExactly("web", "prod");
            assertThat(h1.start()).isEqualTo(t0.plusSeconds(1));
            assertThat(h1.end()).isEqualTo(t0.plusSeconds(5));
            assertThat(h1.changes()).containsExactly("+ create  motd");
            assertThat(j.runs(t0.plusSeconds(60))).extracting(RunRecord::id).containsExactly("r2");
            assertThat(j.run("r")).isEmpty(); // two runs start with it
            assertThat(j.run("nope")).isEmpty();
        }
    }

    @Test
    void theApproversOfAnAppliedSavedPlanAreKeptWithTheRunAndShown() throws Exception {
        JournalLocation where = new JournalLocation.Sqlite(tmp.resolve("journal.db"));
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        try (Journal j = Journal.open(where)) {
            j.started(run("r1", t0, "h1"));
            j.approved("r1", List.of("bob", "carol"));
            j.ended("r1", RunRecord.Result.SUCCESS, 0, null, t0.plusSeconds(9));
            j.started(run("r2", t0.plusSeconds(60), "h1"));
            RunRecord approved = j.run("r1").orElseThrow();
            assertThat(approved.approvers()).containsExactly("bob", "carol");
            assertThat(j.run("r2").orElseThrow().approvers()).isEmpty();
            assertThat(RunView.json(approved, false)).containsEntry("approvers", List.of("bob", "carol"));
        }
    }

    @Test
    void aJournalMadeByAnEarlierVersionIsBroughtUpToDateWhenOpened() throws Exception {
        Path file = tmp.resolve("old.db");
        // A journal as the first release left it: only the first migration applied.
        org.flywaydb.core.Flyway.configure(Journal.class.getClassLoader()).locations("classpath:db/journal")
                .dataSource("jdbc:sqlite:" + file, null, null).target("1").load().migrate();
        Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
        try (Journal j = Journal.open(new JournalLocation.Sqlite(file))) {
            j.started(run("r1", t0, "h1"));
            j.approved("r1", List.of("bob"));
            assertThat(j.run("r1").orElseThrow().approvers()).containsExactly("bob");
        }
    }

    @Test
    void theNewestMigrationIsTheOneOpeningChecksFor() throws Exception {
        // Opening skips Flyway when LATEST_VERSION is applied: a migration added without raising it would never run.
        try (var files = Files.list(Path.of("src/main/resources/db/journal"))) {
            int newest = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
            assertThat(Journal.LATEST_VERSION).isEqualTo(Integer.toString(newest));
        }
    }

    @Test
    void theLocationComesFromTheEnvironmentThenTheDefaultStateDirectory() {
        Environment env = new Environment(Map.of("XDG_STATE_HOME", "/var/state"), Path.of("/work"), Path.of("/home/al"), Path.of("/etc/ansible"));
        var cfg = new dev.opsctl.config.AnsibleConfig(null, Map.of(), env.variables());
        assertThat(JournalLocation.resolve(env, cfg)).isEqualTo(new JournalLocation.Sqlite(Path.of("/var/state/opsctl/journal.db")));
        Environment plain = new Environment(Map.of(), Path.of("/work"), Path.of("/home/al"), Path.of("/etc/ansible"));
        assertThat(JournalLocation.resolve(plain, new dev.opsctl.config.AnsibleConfig(null, Map.of(), Map.of())))
                .isEqualTo(new JournalLocation.Sqlite(Path.of("/home/al/.local/state/opsctl/journal.db")));
        var fromCfg = new dev.opsctl.config.AnsibleConfig(null, Map.of("opsctl", Map.of("journal", "runs.db")), Map.of());
        assertThat(JournalLocation.resolve(plain, fromCfg)).isEqualTo(new JournalLocation.Sqlite(Path.of("/work/runs.db")));
        var off = new dev.opsctl.config.AnsibleConfig(null, Map.of("opsctl", Map.of("journal", "runs.db")), Map.of("OPSCTL_JOURNAL", "off"));
        assertThat(JournalLocation.resolve(plain, off)).isInstanceOf(JournalLocation.Off.class);

        var pg = (JournalLocation.Postgres) JournalLocation.parse("postgresql://ops:s%40cret@db.example:5433/journal?sslmode=require", plain);
        assertThat(pg.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/journal?sslmode=require");
        assertThat(pg.properties()).containsEntry("user", "ops").containsEntry("password", "s@cret");
        assertThat(pg.describe()).isEqualTo("postgresql://ops@db.example:5433/journal").doesNotContain("cret");
        assertThatThrownBy(() -> JournalLocation.parse("postgresql:///journal", plain)).hasMessageContaining("names no host");
    }

    @Test
    void extraVarsValuesAreNeverKeptInTheCommandLine() {
        assertThat(MaskedCommandLine.of(List.of("apply", "site.yml", "-e", "password=hunter2", "--extra-vars=token=abc", "-etoken=x",
                "--extra-vars", "@secrets.yml", "--reason", "two words")))
                .isEqualTo("opsctl apply site.yml -e ******** --extra-vars=******** -e******** --extra-vars ******** --reason 'two words'")
                .doesNotContain("hunter2").doesNotContain("secrets.yml");
    }

    @Test
    void sinceTakesAnAgeADateOrATime() {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        assertThat(HistoryFilter.since("7d", now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(HistoryFilter.since("24h", now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-12-06T12:00:00Z"));
        assertThat(HistoryFilter.since("2w", now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
        assertThat(HistoryFilter.since("2026-12-01", now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(HistoryFilter.since("2026-12-01T03:00:00+09:00", now, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-30T18:00:00Z"));
        assertThatThrownBy(() -> HistoryFilter.since("last week", now, ZoneOffset.UTC)).hasMessageContaining("--since last week");
    }

    @Test
    void historyFiltersByHostGroupGlobAndFailure() {
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        RunRecord ok = run("a", t, "web1", "web2");
        RunRecord bad = run("b", t, "db1").withHosts(List.of(new HostRecord("db1", List.of("db"), "unreachable", "down", List.of(), null, null, null)));
        assertThat(new HistoryFilter("web*", null, false).matches(ok)).isTrue();
        assertThat(new HistoryFilter("web*", null, false).matches(bad)).isFalse();
        assertThat(new HistoryFilter("db", null, false).matches(bad)).isTrue();
        assertThat(new HistoryFilter("prod", null, false).matches(ok)).isTrue();
        assertThat(new HistoryFilter(null, "web2", false).matches(ok)).isTrue();
        assertThat(new HistoryFilter(null, "web", false).matches(ok)).isFalse();
        assertThat(new HistoryFilter(null, null, true).matches(ok)).isFalse();
        assertThat(new HistoryFilter(null, null, true).matches(bad)).isTrue();
    }

    @Test
    void theAdvisoryLockKeyIsStablePerHost() {
        assertThat(PgHostLock.key("h001")).isEqualTo(PgHostLock.key("h001")).isNotEqualTo(PgHostLock.key("h002"));
    }
}
