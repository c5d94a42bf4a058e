package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.bench.DelayProxy;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch streams: the packaged opsctl, given a 64 MiB heap, fetches a 200 MiB file whole and checked, and plans no
 * change for it afterwards; a transfer whose connection is cut midway leaves neither the file nor a temp file.
 */
@FleetHosts(1)
class FetchStreamIT {
    private static final long SIZE = 200L * 1024 * 1024;
    private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_TOOL_OPTIONS", "-Xmx64m");
    private static Fleet fleet;
    private static String sha1;

    @TempDir
    Path tmp;

    /** 200 MiB of random bytes (nothing along the way can compress them) in /srv/big.bin on the host. */
    @BeforeAll
    static void bigFile() throws Exception {
        FleetHost h = fleet.host("h001");
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        Random random = new Random(12);
        byte[] chunk = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(fleet.path(h, "/srv/big.bin"))) {
            for (long done = 0; done < SIZE; done += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
                md.update(chunk);
            }
        }
        sha1 = HexFormat.of().formatHex(md.digest());
    }

    private Path playbook(Path dest) throws Exception {
        return Files.writeString(tmp.resolve("fetch.yml"), """
                - hosts: all
                  gather_facts: no
                  tasks:
                    - fetch: {src: /srv/big.bin, dest: %s}
                """.formatted(dest));
    }

    private static String sha1Of(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1024 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static List<String> leftIn(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileLargerThanTheHeapArrivesWholeAndChecked() throws Exception {
        Path inventory = tmp.resolve("inventory.yml");
        fleet.inventory(inventory);
        Path dest = Files.createDirectories(tmp.resolve("fetched"));
        Path pb = playbook(dest);
        String known = "--known-hosts=" + fleet.knownHosts();

        JarRun apply = JarRun.of(tmp, SMALL_HEAP, "apply", pb.toString(), "-i", inventory.toString(), known);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        Path fetched = dest.resolve("h001/srv/big.bin");
        assertThat(Files.size(fetched)).isEqualTo(SIZE);
        assertThat(sha1Of(fetched)).isEqualTo(sha1);
        assertThat(leftIn(fetched.getParent())).containsExactly("big.bin");

        JarRun plan = JarRun.of(tmp, SMALL_HEAP, "plan", pb.toString(), "-i", inventory.toString(), known, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("No changes.");
    }

    @Test
    void aConnectionCutMidwayLeavesNoFileAndNoTempFile() throws Exception {
        FleetHost h = fleet.host("h001");
        // The delay holds the transfer to what SSH's window lets through per round trip: slow enough to cut midway.
        try (DelayProxy proxy = DelayProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.port()), Duration.ofMillis(200))) {
            Path inventory = Files.writeString(tmp.resolve("proxied.yml"), """
                    all:
                      hosts:
                        h001: {ansible_host: 127.0.0.1, ansible_port: %d, ansible_user: root, ansible_ssh_private_key_file: %s}
                    """.formatted(proxy.port(), fleet.clientKey()));
            StringBuilder known = new StringBuilder();
            String prefix = "[127.0.0.1]:" + h.port() + " ";
            for (String line : Files.readAllLines(fleet.knownHosts())) {
                if (line.startsWith(prefix)) known.append("[127.0.0.1]:").append(proxy.port()).append(' ').append(line.substring(prefix.length())).append('\n');
            }
            Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), known);
            Path dest = Files.createDirectories(tmp.resolve("cut"));
            Process run = JarRun.start(tmp, SMALL_HEAP, "apply", playbook(dest).toString(), "-i", inventory.toString(),
                    "--known-hosts=" + knownHosts);
            Path dir = dest.resolve("h001/srv");
            Optional<Path> partial = Optional.empty();
            for (Instant end = Instant.now().plusSeconds(300); partial.isEmpty() && Instant.now().isBefore(end) && run.isAlive(); ) {
                Thread.sleep(20);
                partial = leftIn(dir).stream().filter(n -> n.startsWith(".opsctl-fetch-")).map(dir::resolve)
                        .filter(p -> p.toFile().length() > 1024 * 1024).findFirst();
            }
            assertThat(partial).as("a temp file growing in " + dir).isPresent();
            assertThat(partial.get().toFile().length()).isLessThan(SIZE);
            proxy.close();
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = JarRun.read(run.getInputStream());
            assertThat(run.exitValue()).as(out).isIn(2, 4);
            assertThat(leftIn(dir)).as(out).isEmpty();
        }
    }
}
