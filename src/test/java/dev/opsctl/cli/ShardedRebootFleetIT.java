package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.journal.PostgresServer;
import dev.opsctl.shard.Shard;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsctl reboot --shard K/N --batch B} as separate runner processes over one fleet of real sshd hosts, sharing
 * the fleet-wide count of hosts down through a real PostgreSQL journal. The fleet records each emulated reboot (when
 * the host went down and when its sshd answered again): that record, not the runners' output, says how many hosts
 * were down at once.
 */
@FleetHosts(8)
class ShardedRebootFleetIT {
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

    private String[] reboot(String shard, int batch, String... more) throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        if (!inv.toFile().exists()) fleet.inventory(inv);
        List<String> a = new ArrayList<>(List.of("reboot", "all", "-i", inv.toString(), "--known-hosts=" + fleet.knownHosts(),
                "--shard", shard, "--batch", String.valueOf(batch), "--yes", "--timeout", "60"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private Map<String, String> journal() {
        return Map.of("OPSCTL_JOURNAL", postgres.url());
    }

    private List<String> rebootedSince(Instant start) {
        return fleet.outages().stream().filter(o -> !o.down().isBefore(start)).map(Fleet.Outage::host).toList();
    }

    @Test
    void fourRunnersNeverHaveMoreThanTheBatchDownAndRebootEveryHostOnce() throws Exception {
        Instant start = Instant.now();
        List<CompletableFuture<JarRun>> runners = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            String[] args = reboot(k + "/4", 2);
            runners.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return JarRun.of(tmp, journal(), args);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<JarRun> f : runners) {
            JarRun r = f.get(360, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("At most 2 hosts down at once across all shards");
        }
        assertThat(rebootedSince(start)).as("every host rebooted exactly once")
                .containsExactlyInAnyOrderElementsOf(fleet.hosts().stream().map(FleetHost::name).toList());
        assertThat(fleet.mostDownAtOnce(start)).as("hosts down at once across the four runners").isBetween(1, 2);
    }

    @Test
    void aKilledRunnerFreesItsSlotAndTheOthersGoOn() throws Exception {
        List<String> names = fleet.hosts().stream().map(FleetHost::name).toList();
        Set<String> first = new Shard(1, 2).of(names);
        Set<String> second = new Shard(2, 2).of(names);
        assertThat(first).as("both shards have hosts").isNotEmpty();
        assertThat(second).as("both shards have hosts").isNotEmpty();
        Instant start = Instant.now();
        // The first runner holds the only slot in a long pre-check, then dies without a word: SIGKILL.
        Process holder = JarRun.start(tmp, journal(), reboot("1/2", 1, "--pre-check", "sleep 120"));
        awaitLine(holder, "took a fleet-wide slot");
        Process waiter = JarRun.start(tmp, journal(), reboot("2/2", 1));
        CompletableFuture<String> waiterErr = CompletableFuture.supplyAsync(() -> JarRun.read(waiter.getErrorStream()));
        String waited = awaitLine(waiter, "waiting: 1 host is down across all shards");
        assertThat(waiter.isAlive()).as("the second runner waits for the slot: " + waited).isTrue();
        holder.destroyForcibly();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(waiter.waitFor(300, TimeUnit.SECONDS)).as("the second runner went on").isTrue();
        String rest = JarRun.read(waiter.getInputStream());
        assertThat(waiter.exitValue()).as(waited + rest + waiterErr.get()).isZero();
        assertThat(rest).contains("summary: " + second.size() + " rebooted, 0 failed");
        assertThat(rebootedSince(start)).as("the second shard's hosts, once each; none of the killed runner's")
                .containsExactlyInAnyOrderElementsOf(second);
        assertThat(fleet.mostDownAtOnce(start)).isEqualTo(1);
    }

    /** Reads the process's output until a line contains {@code text}; returns what was read (stderr drained aside). */
    private static String awaitLine(Process p, String text) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        Instant end = Instant.now().plusSeconds(180);
        String line;
        while (Instant.now().isBefore(end) && (line = out.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.contains(text)) return seen.toString();
        }
        throw new AssertionError("no line with '" + text + "' in: " + seen);
    }
}
