package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.Sessions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that stops answering mid-run (its sshd session process stopped with SIGSTOP while content goes up) is
 * reported unreachable after about {@code --timeout}, with a message saying so; the other hosts finish; the exit code
 * says a host was unreachable; the stopped host's destination keeps its old content, and its temp file goes once the
 * session can see that the controller left.
 */
@FleetHosts(3)
class StalledHostIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void aHostStoppedMidUploadIsUnreachableAfterTheTimeoutAndTheOthersFinish() throws Exception {
        FleetHost stalled = fleet.host("h001");
        for (FleetHost h : fleet.hosts()) {
            Files.createDirectories(fleet.path(h, "/srv/stall"));
            Files.writeString(fleet.path(h, "/srv/stall/blob"), "old content\n");
        }
        byte[] content = WriteFaultsIT.randomBytes(64 << 20, 11);
        Path src = Files.write(tmp.resolve("blob"), content);
        Path pb = Files.writeString(tmp.resolve("stall.yml"), """
                - hosts: all
                  tasks:
                    - name: big copy
                      copy: {src: "%s", dest: /srv/stall/blob}
                """.formatted(src));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path dir = fleet.path(stalled, "/srv/stall");

        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.onFleet(fleet, "apply", pb, inv, "--timeout", "5"));
        WriteFaultsIT.awaitTrue(() -> WriteFaultsIT.tempFiles(dir).stream().anyMatch(f -> size(f) > (2 << 20)), 180,
                "the temp file on h001 to grow");
        List<ProcessHandle> sessions = Sessions.of(fleet, stalled);
        assertThat(sessions).as("sshd session processes of h001").isNotEmpty();
        Sessions.signal("STOP", sessions);
        CliRun r;
        try {
            r = run.get(180, TimeUnit.SECONDS);
        } finally {
            // Let the stopped session see that the controller left: its shell's input ends, the write's check fails.
            Sessions.signal("CONT", sessions);
        }

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(r.out() + r.err()).contains("h001").contains("the host stopped answering");
        assertThat(r.out()).containsPattern("h001\\s+: ok=0\\s+changed=0\\s+unreachable=1")
                .containsPattern("h002\\s+: ok=1\\s+changed=1").containsPattern("h003\\s+: ok=1\\s+changed=1");
        String sha = WriteFaultsIT.sha256(content);
        for (String name : List.of("h002", "h003")) {
            assertThat(WriteFaultsIT.sha256(Files.readAllBytes(fleet.path(fleet.host(name), "/srv/stall/blob")))).as(name).isEqualTo(sha);
        }
        assertThat(Files.readString(dir.resolve("blob"))).isEqualTo("old content\n");
        WriteFaultsIT.awaitTrue(() -> WriteFaultsIT.tempFiles(dir).isEmpty(), 60, "h001 to remove its temp file");
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
