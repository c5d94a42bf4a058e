package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults caused during writes on real sshd hosts: a session killed mid-transfer, a full disk, a read-only target, a
 * file changed by another process between the facts and the write. Each asserts the files on the host and what opsctl
 * printed: the destination whole (old or new, never partial), no temp file left, and a rerun that converges.
 */
@FleetHosts(4)
class WriteFaultsIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void aSessionKilledDuringA100MibCopyLeavesTheOldFileAndNoTempFileAndARerunConverges() throws Exception {
        FleetHost h = fleet.host("h001");
        onHost(h, "mkdir -p /srv/big && printf 'old content\\n' > /srv/big/blob");
        Path src = tmp.resolve("blob");
        byte[] content = randomBytes(100 << 20, 1);
        Files.write(src, content);
        Path pb = Files.writeString(tmp.resolve("copy.yml"), """
                - hosts: h001
                  tasks:
                    - name: big copy
                      copy: {src: "%s", dest: /srv/big/blob}
                """.formatted(src));
        Path inv = inventory();

        CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.onFleet(fleet, "apply", pb, inv));
        Path dir = fleet.path(h, "/srv/big");
        // Kill the session once part of the content has arrived in the temp file.
        awaitTrue(() -> tempFiles(dir).stream().anyMatch(f -> size(f) > (4 << 20)), 120, "the temp file to grow");
        List<ProcessHandle> killed = sessionsOf(h);
        assertThat(killed).as("sshd session processes of h001").isNotEmpty();
        killed.forEach(ProcessHandle::destroyForcibly);
        CliRun r = run.get(120, TimeUnit.SECONDS);

        assertThat(r.exitCode()).as(r.out() + r.err()).isIn(ExitCode.UNREACHABLE, ExitCode.CHANGES_OR_FAILED);
        assertThat(r.out()).contains("h001").doesNotContainPattern("h001\\s+: ok=\\d+\\s+changed=1");
        assertThat(Files.readString(fleet.path(h, "/srv/big/blob"))).isEqualTo("old content\n");
        awaitTrue(() -> tempFiles(dir).isEmpty(), 30, "the host to remove its temp file");

        CliRun again = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(sha256(Files.readAllBytes(fleet.path(h, "/srv/big/blob")))).isEqualTo(sha256(content));
        assertThat(tempFiles(dir)).isEmpty();
    }

    @Test
    void aLineAppendedByAnotherProcessBetweenFactsAndWriteSurvives() throws Exception {
        FleetHost h = fleet.host("h002");
        onHost(h, "mkdir -p /srv/edit && printf 'first\\n' > /srv/edit/conf");
        Path appendFromOutside = fleet.path(h, "/srv/edit/conf");
        // The facts are read before any task; the delegated task appends a line on the host, as another process
        // would, after them and before the lineinfile's write.
        Path pb = Files.writeString(tmp.resolve("edit.yml"), """
                - hosts: h002
                  tasks:
                    - name: someone else appends
                      command: sh -c 'echo "appended by another process" >> %s'
                      delegate_to: localhost
                    - name: our line
                      lineinfile: {path: /srv/edit/conf, line: "ours"}
                """.formatted(appendFromOutside));
        Path inv = inventory();
        CliRun r = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.CHANGES_OR_FAILED);
        assertThat(r.out()).contains("! our line: changed since planned: the content of /srv/edit/conf");
        assertThat(Files.readString(fleet.path(h, "/srv/edit/conf"))).isEqualTo("first\nappended by another process\n");
        assertThat(tempFiles(fleet.path(h, "/srv/edit"))).isEmpty();

        // Unchanged since planned, the same edit is written, and keeps what the other process added.
        Path only = Files.writeString(tmp.resolve("edit-only.yml"), """
                - hosts: h002
                  tasks:
                    - name: our line
                      lineinfile: {path: /srv/edit/conf, line: "ours"}
                """);
        CliRun again = CliRun.onFleet(fleet, "apply", only, inv);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(Files.readString(fleet.path(h, "/srv/edit/conf"))).isEqualTo("first\nappended by another process\nours\n");
    }

    @Test
    void aFullDiskFailsTheWriteAndLeavesTheOldFileNoTempFileAndNoEmptyBackup() throws Exception {
        FleetHost h = fleet.host("h003");
        onHost(h, "mkdir -p /srv/full && mount -t tmpfs -o size=256k tmpfs /srv/full && printf 'old\\n' > /srv/full/app.conf"
                + " && (dd if=/dev/zero of=/srv/full/filler bs=4k 2>/dev/null || true)");
        Path src = Files.writeString(tmp.resolve("app.conf"), "x".repeat(100_000));
        Path pb = Files.writeString(tmp.resolve("full.yml"), """
                - hosts: h003
                  tasks:
                    - name: conf
                      copy: {src: "%s", dest: /srv/full/app.conf, backup: yes}
                """.formatted(src));
        CliRun r = CliRun.onFleet(fleet, "apply", pb, inventory());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.CHANGES_OR_FAILED);
        assertThat(r.out()).contains("! conf: ").contains("No space left on device");
        Path dir = fleet.path(h, "/srv/full");
        assertThat(Files.readString(dir.resolve("app.conf"))).isEqualTo("old\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app.conf", "filler");
        }
    }

    @Test
    void aReadOnlyTargetFailsTheWriteAndChangesNothing() throws Exception {
        FleetHost h = fleet.host("h004");
        onHost(h, "mkdir -p /srv/ro && mount -t tmpfs tmpfs /srv/ro && printf 'old\\n' > /srv/ro/app.conf && mount -o remount,ro /srv/ro");
        Path pb = Files.writeString(tmp.resolve("ro.yml"), """
                - hosts: h004
                  tasks:
                    - name: conf
                      copy: {content: "new\\n", dest: /srv/ro/app.conf}
                """);
        CliRun r = CliRun.onFleet(fleet, "apply", pb, inventory());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.CHANGES_OR_FAILED);
        assertThat(r.out()).contains("! conf: ").contains("Read-only file system")
                .containsPattern("h004\\s+: ok=0\\s+changed=0\\s+unreachable=0\\s+failed=1");
        assertThat(Files.readString(fleet.path(h, "/srv/ro/app.conf"))).isEqualTo("old\n");
    }

    private Path inventory() throws IOException {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        return inv;
    }

    /** Runs {@code command} on the host as root over plain ssh, to set a scene. */
    private static void onHost(FleetHost h, String command) throws Exception {
        Process p = new ProcessBuilder("ssh", "-i", fleet.clientKey().toString(), "-p", Integer.toString(h.port()),
                "-o", "UserKnownHostsFile=" + fleet.knownHosts(), "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
                "root@127.0.0.1", command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** The host's per-connection sshd processes ({@code sshd: root@notty}), not its listener. */
    static List<ProcessHandle> sessionsOf(FleetHost h) throws IOException {
        String root = Files.readSymbolicLink(fleet.path(h, "/")).toString();
        List<ProcessHandle> out = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                Path proc = Path.of("/proc", Long.toString(p.pid()));
                if (!root.equals(Files.readSymbolicLink(proc.resolve("root")).toString())) return;
                String cmd = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
                if (cmd.startsWith("sshd: root") || cmd.startsWith("sshd-session")) out.add(p);
            } catch (IOException | RuntimeException gone) {
                // Not ours to see, or already ended.
            }
        });
        return out;
    }

    static List<Path> tempFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".opsctl.")).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void awaitTrue(Condition c, int seconds, String what) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.holds()) {
            if (System.nanoTime() > end) throw new AssertionError("gave up waiting " + seconds + " s for " + what);
            Thread.sleep(20);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
