package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content goes from disk to the hosts in bounded buffers: the packaged opsctl, given a 64 MiB heap, plans and copies a
 * 300 MiB file (random bytes: no sparse region, nothing compressible), and a session killed mid-upload leaves the old
 * file whole and no temp file.
 */
@FleetHosts(1)
class StreamingIT {
    private static final long SIZE = 300L << 20;
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void a300MibCopyRunsIn64MibOfHeapAndAKilledUploadLeavesTheOldFile() throws Exception {
        Path jar = Path.of("target/opsctl.jar");
        assertThat(jar).as("the packaged jar (mvn package runs before the fleet tests)").exists();
        FleetHost h = fleet.host("h001");
        Path dir = fleet.path(h, "/srv/stream");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("blob"), "old content\n");
        Path src = tmp.resolve("blob");
        String sha = writeRandom(src, SIZE, 7);
        Path pb = Files.writeString(tmp.resolve("stream.yml"), """
                - hosts: h001
                  tasks:
                    - name: big copy
                      copy: {src: "%s", dest: /srv/stream/blob}
                """.formatted(src));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);

        // Planning reads the file once for its digests, never whole.
        Run plan = Run.of(jar, "plan", pb, inv);
        assertThat(plan.exitCode).as(plan.out).isZero();
        assertThat(plan.out).contains("~ big copy: file /srv/stream/blob").contains("content 12 -> " + SIZE + " bytes")
                .doesNotContain("OutOfMemoryError");

        // A session killed while the content goes up: the destination keeps its old content, the temp file goes.
        Process apply = Run.start(jar, "apply", pb, inv);
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> Run.read(apply.getInputStream()));
        WriteFaultsIT.awaitTrue(() -> WriteFaultsIT.tempFiles(dir).stream().anyMatch(f -> size(f) > (16 << 20)), 300,
                "the temp file to grow");
        List<ProcessHandle> sessions = Sessions.of(fleet, h);
        assertThat(sessions).as("sshd session processes of h001").isNotEmpty();
        sessions.forEach(ProcessHandle::destroyForcibly);
        assertThat(apply.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String killedOut = out.get();
        assertThat(apply.exitValue()).as(killedOut).isIn(ExitCode.UNREACHABLE, ExitCode.CHANGES_OR_FAILED);
        assertThat(killedOut).doesNotContain("OutOfMemoryError").doesNotContainPattern("h001\\s+: ok=\\d+\\s+changed=1");
        assertThat(Files.readString(dir.resolve("blob"))).isEqualTo("old content\n");
        WriteFaultsIT.awaitTrue(() -> WriteFaultsIT.tempFiles(dir).isEmpty(), 30, "the host to remove its temp file");

        // Again, uninterrupted: the host's file is the source, byte for byte.
        Run again = Run.of(jar, "apply", pb, inv);
        assertThat(again.exitCode).as(again.out).isZero();
        assertThat(again.out).doesNotContain("OutOfMemoryError").containsPattern("h001\\s+: ok=1\\s+changed=1");
        assertThat(Files.size(dir.resolve("blob"))).isEqualTo(SIZE);
        assertThat(sha256(dir.resolve("blob"))).isEqualTo(sha);
        assertThat(WriteFaultsIT.tempFiles(dir)).isEmpty();
    }

    /** The packaged opsctl in a JVM of its own with a 64 MiB heap. */
    private record Run(int exitCode, String out) {
        static Run of(Path jar, String command, Path pb, Path inv) throws Exception {
            Process p = start(jar, command, pb, inv);
            String out = read(p.getInputStream());
            assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
            return new Run(p.exitValue(), out);
        }

        static Process start(Path jar, String command, Path pb, Path inv) throws IOException {
            List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx64m",
                    "-jar", jar.toString(), command, pb.toString(), "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString()));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            return p;
        }

        static String read(InputStream in) {
            try (in) {
                return new String(in.readAllBytes());
            } catch (IOException e) {
                return "";
            }
        }
    }

    /** Writes {@code size} seeded random bytes to {@code file} in 1 MiB pieces; returns their SHA-256. */
    private static String writeRandom(Path file, long size, long seed) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
