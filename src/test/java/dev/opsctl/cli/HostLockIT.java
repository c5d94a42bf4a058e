package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One apply at a time per host: two operators applying to the same real sshd host at once never interleave. The
 * second waits (--lock-timeout) or fails naming the holder, no lineinfile edit is lost, and the lock of a killed run
 * expires with its SSH session.
 */
@FleetHosts(1)
class HostLockIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path playbook(String name, String file, String line, int sleepSeconds) throws Exception {
        Path pb = tmp.resolve(name);
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: slow step
                      command: sleep %d
                    - name: setting
                      lineinfile: path=/srv/lock-it/%s line=%s create=true
                """.formatted(sleepSeconds, file, line));
        return pb;
    }

    private String[] args(Path pb, String... more) throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        List<String> a = new java.util.ArrayList<>(List.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts=" + fleet.knownHosts()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** Starts opsctl and returns once its log says the host's apply has begun (the lock is taken). */
    private Process startHolding(Path pb) throws Exception {
        Process p = JarRun.start(tmp, Map.of(), args(pb));
        StringBuilder seen = new StringBuilder();
        var err = new java.io.BufferedReader(new java.io.InputStreamReader(p.getErrorStream()));
        Instant end = Instant.now().plusSeconds(120);
        String line;
        while ((line = err.readLine()) != null && Instant.now().isBefore(end)) {
            seen.append(line).append('\n');
            if (line.endsWith(" applying")) break;
        }
        assertThat(seen.toString()).as("the first run's log").contains(" applying");
        CompletableFuture.runAsync(() -> JarRun.read(p.getErrorStream()));
        CompletableFuture.runAsync(() -> JarRun.read(p.getInputStream()));
        return p;
    }

    @Test
    void aSecondApplyWaitsOrFailsNamingTheHolderAndNoEditIsLost() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        Process first = startHolding(playbook("first.yml", "one", "first=1", 6));

        JarRun refused = JarRun.of(tmp, Map.of(), args(playbook("third.yml", "one", "third=3", 0)));
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(7);
        assertThat(refused.out()).containsPattern(h.name() + ": failed: locked by another opsctl run: \\S+@\\S+ \\(pid "
                + first.pid() + "\\) since \\S+ \\(wait for it with --lock-timeout SECONDS\\)");

        JarRun waited = JarRun.of(tmp, Map.of(), args(playbook("second.yml", "one", "second=2", 0), "--lock-timeout", "120"));
        assertThat(waited.exitCode()).as(waited.out() + waited.err()).isZero();
        assertThat(waited.err()).contains(h.name() + " taking the host lock");
        assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isZero();
        assertThat(Files.readString(fleet.path(h, "/srv/lock-it/one")).lines().toList()).containsExactlyInAnyOrder("first=1", "second=2");
    }

    @Test
    void theLockOfAKilledRunExpiresWithItsSession() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        Process killed = startHolding(playbook("killed.yml", "two", "killed=1", 60));
        killed.destroyForcibly();
        assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();

        // The killed run's SSH session ends as its TCP connection closes; a short wait covers sshd noticing.
        JarRun next = JarRun.of(tmp, Map.of(), args(playbook("next.yml", "two", "next=1", 0), "--lock-timeout", "20"));
        assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
        assertThat(Files.readString(fleet.path(h, "/srv/lock-it/two"))).contains("next=1").doesNotContain("killed=1");
    }
}
