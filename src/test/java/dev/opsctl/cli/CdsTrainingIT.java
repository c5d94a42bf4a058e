package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive's training run (src/main/training/train.sh, which the build and {@code bin/opsctl install}
 * run) against the packaged jar: with sshd it plans through a throwaway sshd, so the archive holds the classes of a
 * real SSH session, and leaves neither the sshd nor its files behind; without sshd it still makes an archive.
 * What the archive holds is read back from the JVM ({@code -XX:+PrintSharedDictionary}).
 */
class CdsTrainingIT {
    private static final Path JAR = Path.of("target/opsctl.jar").toAbsolutePath();
    private static final Path TRAIN = Path.of("src/main/training/train.sh").toAbsolutePath();
    /** The cipher the key exchange settles on (AES-CTR), and the signed key request: loaded only once a host answers. */
    private static final String[] SESSION_CLASSES = {"net.schmizz.sshj.transport.cipher.BlockCipher ",
            "dev.opsctl.transport.ssh.SignedPublickey "};

    @TempDir
    Path dir;

    record Run(int code, String out) {}

    private static Run run(Map<String, String> env, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> JarRun.read(p.getInputStream()));
        assertThat(p.waitFor(900, TimeUnit.SECONDS)).as("ended").isTrue();
        return new Run(p.exitValue(), out.get());
    }

    private Run train(Path archive, Map<String, String> env) throws Exception {
        return run(env, List.of("sh", TRAIN.toString(), archive.toString(), JAR.toString()));
    }

    /** The classes the archive holds, as the JVM lists them for this jar. */
    private static String dictionary(Path archive) throws Exception {
        Run r = run(Map.of(), List.of("java", "-XX:SharedArchiveFile=" + archive, "-XX:+PrintSharedArchiveAndExit",
                "-XX:+PrintSharedDictionary", "-cp", JAR.toString()));
        assertThat(r.code()).as(r.out()).isZero();
        return r.out();
    }

    @Test
    void trainsThroughAThrowawaySshdAndLeavesNothingRunning() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path archive = dir.resolve("opsctl.jsa");
        Run r = train(archive, Map.of("TMPDIR", tmp.toString()));
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("training against a throwaway sshd on 127.0.0.1:").contains("on 2 hosts (0 unchanged)")
                .doesNotContain("unreachable");
        assertThat(dictionary(archive)).contains(SESSION_CLASSES).contains("picocli.CommandLine$Model$CommandSpec")
                .contains("com.hubspot.jinjava.Jinjava ");
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).as("the keys, the config and the inventory are removed").isEmpty();
        }
        assertThat(ProcessHandle.allProcesses().map(p -> p.info().commandLine().orElse("")))
                .as("the throwaway sshd is stopped").noneMatch(c -> c.contains(tmp.toString()));
        assertThat(dir).isDirectoryNotContaining("glob:**.tmp");
    }

    @Test
    void withoutSshdTheArchiveIsMadeFromAClosedPort() throws Exception {
        Path archive = dir.resolve("opsctl.jsa");
        Run r = train(archive, Map.of("OPSCTL_TRAINING_SSHD", "none", "TMPDIR", dir.toString()));
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).contains("training without sshd").contains("closed: unreachable");
        assertThat(dictionary(archive)).contains("picocli.CommandLine$Model$CommandSpec").doesNotContain(SESSION_CLASSES)
                // apply's options, which a plan never builds: the training's --help run adds every command's model.
                .contains("dev.opsctl.cli.ApprovalOptions ", "dev.opsctl.cli.JournalOptions ");
    }
}
