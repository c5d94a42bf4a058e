package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Small .deb packages built with dpkg-deb and served to fleet hosts as their only apt source (a {@code file:}
 * repository), so package tests need no network.
 */
final class LocalDebRepo {
    static final String REPO = "/srv/opsctl-repo";

    private LocalDebRepo() {}

    /** A package {@code name} 1.0 that brings {@code files} (absolute path on the host -> content) into {@code repo}. */
    static void build(Path work, Path repo, String name, Map<String, String> files) throws Exception {
        Path root = work.resolve(name + "-pkg");
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: " + name + "\nVersion: 1.0\nArchitecture: all\n"
                + "Maintainer: opsctl tests <tests@opsctl.invalid>\nDescription: opsctl test package\n");
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = root.resolve(f.getKey().substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue());
        }
        run(work, "dpkg-deb", "--root-owner-group", "--build", root.toString(), repo.resolve(name + "_1.0_all.deb").toString());
    }

    /** Indexes {@code repo} and makes it every host's only apt source, with package lists that look old. */
    static void serve(Fleet fleet, Path repo) throws Exception {
        run(repo, "sh", "-c", "dpkg-scanpackages . /dev/null > Packages");
        for (FleetHost h : fleet.hosts()) {
            Path target = Files.createDirectories(fleet.path(h, REPO));
            try (var files = Files.list(repo)) {
                for (Path f : files.toList()) Files.copy(f, target.resolve(f.getFileName()));
            }
            try (var sources = Files.list(fleet.path(h, "/etc/apt/sources.list.d"))) {
                for (Path s : sources.toList()) Files.delete(s);
            }
            Files.deleteIfExists(fleet.path(h, "/etc/apt/sources.list"));
            Files.writeString(fleet.path(h, "/etc/apt/sources.list.d/opsctl-test.list"), "deb [trusted=yes] file:" + REPO + " ./\n");
            Files.setLastModifiedTime(fleet.path(h, "/var/lib/apt/lists"), FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
            Files.deleteIfExists(fleet.path(h, "/var/lib/apt/periodic/update-success-stamp"));
        }
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
    }
}
