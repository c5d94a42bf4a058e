package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.config.Environment;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.journal.HostRecord;
import dev.opsctl.journal.Journal;
import dev.opsctl.journal.JournalLocation;
import dev.opsctl.journal.PostgresServer;
import dev.opsctl.journal.RunRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run journal through the packaged jar against real sshd hosts: applies that succeed, fail, are refused or are
 * killed with SIGKILL leave the right rows in SQLite (the default file) and in a real PostgreSQL; {@code history} and
 * {@code show RUN_ID} print them; two opsctl processes with the PostgreSQL journal never work on one host at once.
 */
@FleetHosts(2)
class JournalFleetIT {
    private static Fleet fleet;
    private static PostgresServer postgres;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) postgres.close();
    }

    /** The SQLite journal at its default place: $XDG_STATE_HOME/opsctl/journal.db (OPSCTL_JOURNAL empty: not set). */
    private Map<String, String> sqlite() {
        return Map.of("OPSCTL_JOURNAL", "", "XDG_STATE_HOME", tmp.resolve("state").toString());
    }

    private Map<String, String> postgresql() throws Exception {
        return Map.of("OPSCTL_JOURNAL", postgres.url());
    }

    private Journal open(Map<String, String> env) throws Exception {
        String value = env.get("OPSCTL_JOURNAL");
        JournalLocation where = value.isEmpty() ? new JournalLocation.Sqlite(tmp.resolve("state/opsctl/journal.db"))
                : JournalLocation.parse(value, Environment.current());
        return Journal.open(where);
    }

    private List<RunRecord> runs(Map<String, String> env) throws Exception {
        try (Journal j = open(env)) {
            return j.runs(Instant.EPOCH);
        }
    }

    /** Where this test's playbooks write on the hosts: the class's tests share its hosts. */
    private String dir() {
        return "/srv/journal-it/" + tmp.getFileName();
    }

    private Path playbook(String name, String body) throws Exception {
        Path pb = tmp.resolve(name);
        Files.writeString(pb, "- hosts: all\n  gather_facts: false\n  tasks:\n    - file: path=" + dir() + " state=directory\n"
                + body.replace("/srv/journal-it/", dir() + "/"));
        return pb;
    }

    private String[] apply(Path pb, String... more) throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        List<String> a = new ArrayList<>(List.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts=" + fleet.knownHosts()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private Path motd() throws Exception {
        return playbook("motd.yml", """
                    - name: motd
                      copy: dest=/srv/journal-it/motd content="managed by opsctl\\n"
                """);
    }

    private Path failingOnH002() throws Exception {
        return playbook("failing.yml", """
                    - name: stamp
                      copy: dest=/srv/journal-it/stamp content="{{ stamp }}\\n"
                    - name: fails on h002
                      command: /bin/false
                      when: inventory_hostname == 'h002'
                """);
    }

    private Path slow(String name, int seconds) throws Exception {
        return playbook(name, """
                    - name: slow step
                      shell: echo "start {{ who }}" >> /srv/journal-it/overlap; sleep %d; echo "end {{ who }}" >> /srv/journal-it/overlap
                """.formatted(seconds));
    }

    /** Starts opsctl and returns once its log says a host's apply has begun. */
    private Process startApplying(Map<String, String> env, String... args) throws Exception {
        Process p = JarRun.start(tmp, env, args);
        var err = new BufferedReader(new InputStreamReader(p.getErrorStream()));
        StringBuilder seen = new StringBuilder();
        Instant end = Instant.now().plusSeconds(120);
        String line;
        while ((line = err.readLine()) != null && Instant.now().isBefore(end)) {
            seen.append(line).append('\n');
            if (line.endsWith(" applying")) break;
        }
        assertThat(seen.toString()).as("the run's log").contains(" applying");
        CompletableFuture.runAsync(() -> JarRun.read(p.getErrorStream()));
        CompletableFuture.runAsync(() -> JarRun.read(p.getInputStream()));
        return p;
    }

    /** A successful apply, a failing one and a killed one, then what the journal, history and show say of them. */
    private void appliesLeaveTheirRecord(Map<String, String> env) throws Exception {
        JarRun ok = JarRun.of(tmp, env, apply(motd(), "--reason", "first deploy", "--ticket", "CHG-1"));
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.err()).doesNotContain("journal");
        JarRun failed = JarRun.of(tmp, env, apply(failingOnH002(), "-e", "stamp=hunter2-secret"));
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(2);
        Process killed = startApplying(env, apply(slow("killed.yml", 60), "-e", "who=killed", "--limit", "h001"));
        killed.destroyForcibly(); // SIGKILL: no end row can be written
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

        List<RunRecord> runs = runs(env);
        assertThat(runs).hasSize(3);
        RunRecord first = runs.get(0);
        assertThat(first.kind()).isEqualTo("apply");
        assertThat(first.result()).isEqualTo(RunRecord.Result.SUCCESS);
        assertThat(first.exitCode()).isZero();
        assertThat(first.end()).isNotNull();
        assertThat(first.reason()).isEqualTo("first deploy");
        assertThat(first.ticket()).isEqualTo("CHG-1");
        assertThat(first.osUser()).isEqualTo("root");
        assertThat(first.playbook()).isEqualTo(tmp.resolve("motd.yml").toString());
        assertThat(first.inventory()).isEqualTo(tmp.resolve("inventory.yml").toString());
        assertThat(first.keyFingerprints()).as("the fleet's client key").hasSize(1).allMatch(f -> f.startsWith("SHA256:"));
        assertThat(first.hosts()).extracting(HostRecord::host, HostRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h001", "changed"), org.assertj.core.groups.Tuple.tuple("h002", "changed"));
        assertThat(first.hosts().get(0).changes()).contains("+ create  motd: file " + dir() + "/motd");
        assertThat(first.hosts().get(0).start()).isNotNull();
        assertThat(first.hosts().get(0).end()).isAfterOrEqualTo(first.hosts().get(0).start());

        RunRecord second = runs.get(1);
        assertThat(second.result()).isEqualTo(RunRecord.Result.FAILED);
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.commandLine()).contains("-e ********").doesNotContain("hunter2");
        assertThat(second.hosts()).extracting(HostRecord::host, HostRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h001", "changed"), org.assertj.core.groups.Tuple.tuple("h002", "failed"));
        assertThat(second.hosts().get(1).planJson()).contains("fails on h002").doesNotContain("hunter2");

        RunRecord third = runs.get(2);
        assertThat(third.result()).as("a killed run stays unfinished").isEqualTo(RunRecord.Result.UNFINISHED);
        assertThat(third.end()).isNull();
        assertThat(third.limit()).isEqualTo("h001");
        assertThat(third.hosts()).singleElement().satisfies(h -> {
            assertThat(h.host()).isEqualTo("h001");
            assertThat(h.outcome()).isEqualTo("not_started");
            assertThat(h.start()).as("it had begun").isNotNull();
            assertThat(h.end()).isNull();
        });

        JarRun history = JarRun.of(tmp, env, "history");
        assertThat(history.exitCode()).as(history.err()).isZero();
        List<String> lines = history.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ID").contains("START (UTC)", "USER", "COMMAND", "PLAYBOOK", "HOSTS", "RESULT", "REASON");
        assertThat(lines.get(1)).startsWith(third.id()).contains("root", "apply", "killed.yml", "h001", "unfinished");
        assertThat(lines.get(2)).startsWith(second.id()).contains("failing.yml", "h001,h002", "failed (1 of 2 hosts)");
        assertThat(lines.get(3)).startsWith(first.id()).contains("motd.yml", "success", "first deploy [CHG-1]");

        JarRun onlyFailed = JarRun.of(tmp, env, "history", "--failed", "--since", "1d");
        assertThat(onlyFailed.out()).contains(second.id()).doesNotContain(first.id()).doesNotContain(third.id());
        JarRun byHost = JarRun.of(tmp, env, "history", "--host", "h002", "--format", "json");
        assertThat(byHost.out()).contains("\"id\" : \"" + second.id()).contains("\"id\" : \"" + first.id()).doesNotContain(third.id());

        JarRun show = JarRun.of(tmp, env, "show", second.id());
        assertThat(show.exitCode()).as(show.err()).isZero();
        assertThat(show.out()).contains("Run " + second.id() + ": apply, failed (exit 2)", "  command   opsctl apply " + tmp.resolve("failing.yml"),
                "+ stamp: file " + dir() + "/stamp", "Hosts:")
                .containsPattern("h002 : ok=\\d+ +changed=1 +unreachable=0 +failed=1")
                .containsPattern("h001  changed +\\S+ [0-9.]+s")
                .containsPattern("h002  failed .*")
                .doesNotContain("hunter2");
        JarRun showKilled = JarRun.of(tmp, env, "show", third.id().substring(0, 20));
        assertThat(showKilled.out()).contains("apply, unfinished", "ended never recorded").containsPattern("h001  not started +\\S+ \\(did not finish\\)");
    }

    @Test
    void appliesLeaveRowsInTheDefaultSqliteFile() throws Exception {
        appliesLeaveTheirRecord(sqlite());
        assertThat(tmp.resolve("state/opsctl/journal.db")).exists();
    }

    @Test
    void appliesLeaveRowsInPostgresql() throws Exception {
        postgres.reset();
        appliesLeaveTheirRecord(postgresql());
    }

    @Test
    void aHostThatRequiresAReasonRefusesARunWithoutOneBeforeAnyHostIsTouched() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Files.createDirectories(tmp.resolve("host_vars"));
        Files.writeString(tmp.resolve("host_vars/h002.yml"), "opsctl_require_reason: true\n");
        FleetHost h2 = fleet.host("h002");
        Path pb = playbook("reasoned.yml", """
                    - name: reasoned
                      copy: dest=/srv/journal-it/reasoned content="x\\n"
                """);

        JarRun refused = JarRun.of(tmp, sqlite(), apply(pb, "--reason", "why not"));
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("error: host h002 requires --ticket (opsctl_require_reason)");
        assertThat(refused.err()).doesNotContain(" connecting");
        assertThat(fleet.path(h2, dir() + "/reasoned")).doesNotExist();
        assertThat(fleet.path(fleet.host("h001"), dir() + "/reasoned")).doesNotExist();

        JarRun given = JarRun.of(tmp, sqlite(), apply(pb, "--reason", "why not", "--ticket", "CHG-9"));
        assertThat(given.exitCode()).as(given.out() + given.err()).isZero();
        assertThat(fleet.path(h2, dir() + "/reasoned")).exists();

        List<RunRecord> runs = runs(sqlite());
        assertThat(runs).extracting(RunRecord::result).containsExactly(RunRecord.Result.REFUSED, RunRecord.Result.SUCCESS);
        assertThat(runs.get(0).message()).contains("requires --ticket");
        assertThat(runs.get(0).hosts()).allMatch(h -> h.outcome().equals("not_started") && h.start() == null);
    }

    @Test
    void twoProcessesWithThePostgresqlJournalNeverOverlapOnAHost() throws Exception {
        postgres.reset();
        Map<String, String> env = postgresql();
        FleetHost h1 = fleet.host("h001");
        Process a = startApplying(env, apply(slow("a.yml", 20), "-e", "who=a", "--limit", "h001"));
        Process b = JarRun.start(tmp, env, apply(slow("b.yml", 1), "-e", "who=b", "--limit", "h001", "--lock-timeout", "120"));
        CompletableFuture<String> bOut = CompletableFuture.supplyAsync(() -> JarRun.read(b.getInputStream()));
        CompletableFuture.runAsync(() -> JarRun.read(b.getErrorStream()));

        // A third run that will not wait is refused by the journal's lock, which names the holder.
        JarRun c = JarRun.of(tmp, env, apply(slow("c.yml", 0), "-e", "who=c", "--limit", "h001"));
        assertThat(c.exitCode()).as(c.out() + c.err()).isEqualTo(7);
        String aId;
        try (Journal j = open(env)) {
            aId = j.runs(Instant.EPOCH).get(0).id();
        }
        assertThat(c.out()).containsPattern("h001: failed: locked by another opsctl run: root@\\S+ \\(pid " + a.pid() + "\\) since \\S+ \\(journal run "
                + aId + "\\)");

        assertThat(a.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(b.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(a.exitValue()).isZero();
        assertThat(b.exitValue()).as(bOut.get()).isZero();
        assertThat(Files.readAllLines(fleet.path(h1, dir() + "/overlap"))).containsExactly("start a", "end a", "start b", "end b");

        Map<String, String> outcomes = new HashMap<>();
        for (RunRecord r : runs(env)) outcomes.put(r.commandLine().contains("a.yml") ? "a" : r.commandLine().contains("b.yml") ? "b" : "c", r.result().word());
        assertThat(outcomes).containsEntry("a", "success").containsEntry("b", "success").containsEntry("c", "failed");
    }

    @Test
    void aJournalThatCannotBeWrittenNeitherFailsNorBlocksTheRun() throws Exception {
        Path pb = playbook("unjournalled.yml", """
                    - name: still applied
                      copy: dest=/srv/journal-it/applied content="x\\n"
                """);
        Files.writeString(tmp.resolve("not-a-dir"), "a file where the journal's directory would be\n");
        for (String where : List.of(tmp.resolve("not-a-dir/journal.db").toString(), "postgresql://opsctl@127.0.0.1:1/nothing")) {
            Files.deleteIfExists(fleet.path(fleet.host("h001"), dir() + "/applied"));
            JarRun r = JarRun.of(tmp, Map.of("OPSCTL_JOURNAL", where), apply(pb));
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(fleet.path(fleet.host("h001"), dir() + "/applied")).exists();
            assertThat(r.err().lines().filter(l -> l.contains("journal")).toList()).singleElement().asString()
                    .startsWith("warning: the run journal (" + where.replace("opsctl@", "opsctl@")).endsWith("; the run goes on without it");
        }
    }

    @Test
    void aRebootIsJournalledAndARequiredReasonRefusesItToo() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Files.createDirectories(tmp.resolve("host_vars"));
        Files.writeString(tmp.resolve("host_vars/h002.yml"), "opsctl_require_reason: true\n");
        String[] common = {"reboot", "h001", "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString(), "--yes", "--only-if-needed"};

        JarRun skipped = JarRun.of(tmp, sqlite(), concat(common, "--reason", "kernel update"));
        assertThat(skipped.exitCode()).as(skipped.out() + skipped.err()).isZero();
        JarRun refused = JarRun.of(tmp, sqlite(), "reboot", "h002", "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString(), "--yes");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(3);
        assertThat(refused.err()).contains("host h002 requires --reason and --ticket (opsctl_require_reason)");
        JarRun dryRun = JarRun.of(tmp, sqlite(), concat(common, "--dry-run"));
        assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();

        List<RunRecord> runs = runs(sqlite());
        assertThat(runs).as("a dry run is not journalled").hasSize(2);
        assertThat(runs.get(0).kind()).isEqualTo("reboot");
        assertThat(runs.get(0).pattern()).isEqualTo("h001");
        assertThat(runs.get(0).playbook()).isNull();
        assertThat(runs.get(0).result()).isEqualTo(RunRecord.Result.SUCCESS);
        assertThat(runs.get(0).reason()).isEqualTo("kernel update");
        assertThat(runs.get(0).hosts()).extracting(HostRecord::host, HostRecord::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h001", "ok"));
        assertThat(runs.get(1).result()).isEqualTo(RunRecord.Result.REFUSED);
        assertThat(runs.get(1).hosts()).extracting(HostRecord::host).containsExactly("h002");

        JarRun history = JarRun.of(tmp, sqlite(), "history", "h00*");
        assertThat(history.out()).containsPattern(runs.get(0).id() + " .* root +reboot +h001 +h001 +success +kernel update");
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
