package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release as a user gets it (after {@code mvn package}): the versioned jar, {@code bin/opsctl install}, the
 * installed command on PATH with its man pages and completion, and the launcher rebuilding a stale jar.
 */
class InstallIT {
    private static final Path CHECKOUT = Path.of("").toAbsolutePath();
    private static final String VERSION = dev.opsctl.report.Version.get();

    @TempDir
    Path dir;

    record Run(int code, String out) {}

    private static Run run(Path cwd, Map<String, String> env, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theVersionedJarRunsWithJavaJar() throws Exception {
        Path jar = CHECKOUT.resolve("target/opsctl-" + VERSION + ".jar");
        Run r = run(dir, Map.of(), "java", "-jar", jar.toString(), "--version");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("opsctl " + VERSION + "\n");
    }

    @Test
    void installPutsOpsctlItsManPagesAndCompletionUnderThePrefix() throws Exception {
        Path prefix = dir.resolve("home/.local");
        Run install = run(CHECKOUT, Map.of(), "bin/opsctl", "install", "--prefix", prefix.toString());
        assertThat(install.code()).as(install.out()).isZero();
        assertThat(install.out()).contains("Installed opsctl-" + VERSION + " into " + prefix);
        assertThat(Files.getPosixFilePermissions(prefix.resolve("bin/opsctl"))).contains(PosixFilePermission.OWNER_EXECUTE);
        assertThat(prefix.resolve("lib/opsctl/opsctl.jar")).isRegularFile();
        try (Stream<Path> left = Files.list(prefix)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "lib", "share");
        }

        // On PATH, from another directory, as `opsctl`.
        Map<String, String> env = Map.of("PATH", prefix.resolve("bin") + ":" + System.getenv("PATH"), "HOME", dir.resolve("home").toString());
        Run version = run(dir, env, "sh", "-c", "opsctl --version");
        assertThat(version.code()).as(version.out()).isZero();
        assertThat(version.out()).isEqualTo("opsctl " + VERSION + "\n");
        // The installed jar has a class-data archive of its own: with -Xshare:on the JVM refuses to start unless the
        // archive matches the jar it runs.
        assertThat(prefix.resolve("lib/opsctl/opsctl.jsa")).isRegularFile();
        Map<String, String> sharing = new java.util.HashMap<>(env);
        sharing.put("OPSCTL_JAVA_OPTS", "-Xshare:on");
        Run shared = run(dir, sharing, "sh", "-c", "opsctl --version");
        assertThat(shared.code()).as(shared.out()).isZero();
        assertThat(shared.out()).isEqualTo("opsctl " + VERSION + "\n");
        Path quickstart = CHECKOUT.resolve("examples/quickstart/site.yml");
        Run validate = run(dir, env, "sh", "-c", "opsctl validate " + quickstart);
        assertThat(validate.code()).as(validate.out()).isZero();
        assertThat(validate.out()).contains("valid (");

        // man finds the pages through PATH (PREFIX/bin -> PREFIX/share/man), one per command.
        Run where = run(dir, env, "man", "-w", "opsctl-plan");
        assertThat(where.out().strip()).isEqualTo(prefix.resolve("share/man/man1/opsctl-plan.1").toString());
        Run page = run(dir, Map.of("PATH", env.get("PATH"), "MANPAGER", "cat", "MANWIDTH", "80"), "man", "opsctl-inventory-graph");
        assertThat(page.code()).as(page.out()).isZero();
        assertThat(page.out()).startsWith("OPSCTL-INVENTORY-GRAPH(1)").contains("SYNOPSIS\n       opsctl inventory graph [-hJV] [-i=INV]...")
                .contains("DESCRIPTION\n       The group tree, like ansible-inventory --graph.").contains("-i, --inventory=INV");

        // bash-completion loads completions/opsctl from PREFIX/share; it is the script `opsctl completion bash` prints.
        assertThat(Files.readString(prefix.resolve("share/bash-completion/completions/opsctl")))
                .isEqualTo(CliRun.of("completion", "bash").out());

        // A second install over the first replaces the files and leaves no temporary directory behind.
        Run again = run(CHECKOUT, Map.of(), "bin/opsctl", "install", "--prefix=" + prefix);
        assertThat(again.code()).as(again.out()).isZero();
        try (Stream<Path> left = Files.list(prefix)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bin", "lib", "share");
        }
        assertThat(run(CHECKOUT, Map.of(), "bin/opsctl", "install", "--nowhere").code()).isEqualTo(3);
    }

    @Test
    void theLauncherRebuildsAJarOlderThanTheSources() throws Exception {
        // A copy of the checkout (what a build reads), so the suite's own jar is not rebuilt under other tests.
        Path copy = dir.resolve("checkout");
        copyTree(CHECKOUT.resolve("src/main"), copy.resolve("src/main"));
        copyTree(CHECKOUT.resolve("bin"), copy.resolve("bin"));
        copyTree(CHECKOUT.resolve("docs"), copy.resolve("docs"));
        Files.copy(CHECKOUT.resolve("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(CHECKOUT.resolve("README.md"), copy.resolve("README.md"));
        Path jar = copy.resolve("target/opsctl.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(CHECKOUT.resolve("target/opsctl.jar"), jar, StandardCopyOption.COPY_ATTRIBUTES);
        Instant built = Instant.now().minusSeconds(3600);
        Files.setLastModifiedTime(jar, FileTime.from(built));
        try (Stream<Path> all = Files.walk(copy.resolve("src"))) {
            for (Path p : all.toList()) Files.setLastModifiedTime(p, FileTime.from(built.minusSeconds(60)));
        }
        Files.setLastModifiedTime(copy.resolve("pom.xml"), FileTime.from(built.minusSeconds(60)));

        Run upToDate = run(dir, Map.of(), copy.resolve("bin/opsctl").toString(), "--version");
        assertThat(upToDate.code()).as(upToDate.out()).isZero();
        assertThat(upToDate.out()).isEqualTo("opsctl " + VERSION + "\n");
        assertThat(Files.getLastModifiedTime(jar).toInstant()).isEqualTo(built);

        // As after a git pull: one source newer than the jar.
        Files.setLastModifiedTime(copy.resolve("src/main/java/dev/opsctl/cli/Main.java"), FileTime.from(Instant.now()));
        // The benchmarks' timed runs: a stale jar is an error there, never a build timed as a run.
        Run never = run(dir, Map.of("OPSCTL_BUILD", "never"), copy.resolve("bin/opsctl").toString(), "--version");
        assertThat(never.code()).as(never.out()).isEqualTo(1);
        assertThat(never.out()).isEqualTo("opsctl: " + jar + " needs building (the sources changed since it was built), and OPSCTL_BUILD=never\n");
        assertThat(Files.getLastModifiedTime(jar).toInstant()).isEqualTo(built);
        Run rebuilt = run(dir, Map.of(), copy.resolve("bin/opsctl").toString(), "--version");
        assertThat(rebuilt.code()).as(rebuilt.out()).isZero();
        assertThat(rebuilt.out()).contains("opsctl: building " + jar + " (the sources changed since it was built)...")
                .endsWith("opsctl " + VERSION + "\n");
        assertThat(Files.getLastModifiedTime(jar).toInstant()).isAfter(built);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = new ArrayList<>(walk.toList());
        }
        for (Path p : paths) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) Files.createDirectories(target);
            else Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
