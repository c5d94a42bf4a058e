package dev.opsctl.cli;

import static dev.opsctl.cli.WriteFaultsIT.awaitTrue;
import static dev.opsctl.cli.WriteFaultsIT.randomBytes;
import static dev.opsctl.cli.WriteFaultsIT.sha256;
import static dev.opsctl.cli.WriteFaultsIT.tempFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real signals to a running {@code opsctl apply} (the packaged jar, as a user runs it) while it copies files to four
 * hosts: whatever the moment, no file on any host is partial, the recap is printed, and the exit status says which
 * signal ended the run.
 */
@FleetHosts(4)
class InterruptIT {
    private static final Path JAR = Path.of("target/opsctl.jar");
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePackagedJar() throws Exception {
        assertThat(JAR).as("the packaged jar (mvn package runs before the fleet tests)").exists();
    }

    @Test
    void sigintMidApplyEndsWithTheRecapExit130AndNoPartialFile() throws Exception {
        assumeSigintDelivered();
        interruptOnce("INT", 130, "/srv/int");
    }

    @Test
    void sigtermMidApplyEndsWithTheRecapExit143AndNoPartialFile() throws Exception {
        interruptOnce("TERM", 143, "/srv/term");
    }

    @Test
    void aSecondSignalAbortsAtOnceAndStillLeavesNoPartialFileAtAFinalName() throws Exception {
        assumeSigintDelivered();
        byte[] big = randomBytes(24 << 20, 3);
        Running run = start(big, "/srv/twice");
        awaitTrue(() -> anyTempFileGrowing("/srv/twice"), 120, "a copy to be under way");
        signal(run.process, "INT");
        Thread.sleep(100);
        signal(run.process, "INT");
        assertThat(run.process.waitFor(30, TimeUnit.SECONDS)).as("opsctl ends at the second signal").isTrue();
        String out = run.output.get(30, TimeUnit.SECONDS);
        assertThat(run.process.exitValue()).as(out).isEqualTo(130);
        assertThat(out).contains("second signal");
        for (FleetHost h : fleet.hosts()) {
            Path dir = fleet.path(h, "/srv/twice");
            // Dropped connections make each host's write remove its temp file; the destination is whole or absent.
            awaitTrue(() -> tempFiles(dir).isEmpty(), 30, "the temp files on " + h.name() + " to go");
            assertWholeOrAbsent(dir.resolve("big"), big);
        }
    }

    /**
     * A shell without job control starts a background command (`bin/test &` in a script) with SIGINT ignored, and an
     * ignored signal stays ignored in every process started below it: the JVM then installs no handler for it, as every
     * program keeps a background job immune to Ctrl-C. opsctl cannot be interrupted by SIGINT there, so the test of it
     * has nothing to test (SIGTERM still is tested).
     */
    private static void assumeSigintDelivered() throws IOException {
        String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
                .map(l -> l.substring("SigIgn:".length()).strip()).findFirst().orElse("0");
        boolean sigintIgnored = (Long.parseUnsignedLong(ignored, 16) & (1L << (2 - 1))) != 0;
        assumeFalse(sigintIgnored, "SIGINT is ignored in this test JVM (started in the background by a shell without job control)");
    }

    private void interruptOnce(String signal, int exitCode, String base) throws Exception {
        byte[] big = randomBytes(24 << 20, 2);
        Running run = start(big, base);
        awaitTrue(() -> anyTempFileGrowing(base), 120, "a copy to be under way");
        signal(run.process, signal);
        assertThat(run.process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = run.output.get(30, TimeUnit.SECONDS);
        assertThat(run.process.exitValue()).as(out).isEqualTo(exitCode);
        assertThat(out).contains("RECAP").contains("Interrupted (interrupted by SIG" + signal + ")");
        // The task after the copies never starts on any host.
        assertThat(out).doesNotContain("after the copy");
        for (FleetHost h : fleet.hosts()) {
            Path dir = fleet.path(h, base);
            assertThat(tempFiles(dir)).as("temp files on " + h.name()).isEmpty();
            assertWholeOrAbsent(dir.resolve("big"), big);
            assertThat(dir.resolve("after")).doesNotExist();
        }
    }

    private record Running(Process process, CompletableFuture<String> output) {}

    private Running start(byte[] big, String base) throws Exception {
        Path src = Files.write(tmp.resolve("big"), big);
        Path pb = Files.writeString(tmp.resolve("site.yml"), """
                - hosts: all
                  tasks:
                    - name: dir
                      file: {path: %s, state: directory}
                    - name: big copy
                      copy: {src: "%s", dest: %s/big}
                    - name: a command ends the first exec
                      command: "true"
                    - name: after the copy
                      copy: {content: "after\\n", dest: %s/after}
                """.formatted(base, src, base, base));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "apply", pb.toString(), "-i", inv.toString(),
                "--known-hosts", fleet.knownHosts().toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        return new Running(p, out);
    }

    private boolean anyTempFileGrowing(String base) throws IOException {
        for (FleetHost h : fleet.hosts()) {
            for (Path f : tempFiles(fleet.path(h, base))) {
                if (Files.size(f) > (1 << 20)) return true;
            }
        }
        return false;
    }

    private static void assertWholeOrAbsent(Path file, byte[] content) throws Exception {
        if (Files.exists(file)) assertThat(sha256(Files.readAllBytes(file))).as(file + " is whole").isEqualTo(sha256(content));
    }

    private static void signal(Process p, String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private static String readAll(InputStream in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // The process ended; what was read is the output.
        }
        return out.toString();
    }
}
