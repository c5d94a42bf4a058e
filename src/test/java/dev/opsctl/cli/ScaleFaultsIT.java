package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size and hostile ports on a fleet of twenty hosts: a play touching 5,000 files (one fact exec per host), a port that
 * never speaks and one that speaks garbage (both unreachable within --timeout while the others are planned), and a
 * 200,000-line new file (its planning time is printed for the record, not asserted).
 */
@FleetHosts(20)
class ScaleFaultsIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void aPlayTouching5000FilesIsPlannedOnTwentyHostsWithOneExecEach() throws Exception {
        // The list is written out: Jinja's range() stops at 1,000 items.
        String items = IntStream.range(0, 5000).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        Path pb = Files.writeString(tmp.resolve("many.yml"), """
                - hosts: all
                  vars:
                    files: [%s]
                  tasks:
                    - name: many files
                      copy: {content: "{{ item }}\\n", dest: "/srv/many/file-with-a-longish-name-{{ item }}.conf"}
                      loop: "{{ files }}"
                """.formatted(items));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        fleet.hosts().forEach(h -> {
            try {
                Files.createDirectories(fleet.path(h, "/srv/many"));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        CliRun r = CliRun.onFleet(fleet, "plan", pb, inv, "--stats");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Plan: 100000 to create, 0 to update, 0 to delete, 0 to run, on 20 hosts (0 unchanged).")
                .contains("20 remote execs (1.0 per host)").doesNotContain("unreachable");
    }

    @Test
    void aTarpitPortAndAGarbagePortAreUnreachableWithinTheTimeoutWhileTheOthersArePlanned() throws Exception {
        try (ServerSocket tarpit = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServerSocket garbage = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread tarpitThread = serve(tarpit, s -> held.add(s));
            Thread garbageThread = serve(garbage, s -> {
                held.add(s);
                Thread t = new Thread(() -> {
                    Random random = new Random(7);
                    byte[] junk = new byte[64 * 1024];
                    try (OutputStream out = s.getOutputStream()) {
                        while (true) {
                            random.nextBytes(junk);
                            out.write(junk);
                        }
                    } catch (IOException closed) {
                        // The client gave up: the point of the test.
                    }
                });
                t.setDaemon(true);
                t.start();
            });
            Path inv = tmp.resolve("inventory.yml");
            fleet.inventory(inv);
            Files.writeString(inv, """
                        tarpit: {ansible_host: 127.0.0.1, ansible_port: %d, ansible_user: root, ansible_ssh_private_key_file: %s}
                        garbage: {ansible_host: 127.0.0.1, ansible_port: %d, ansible_user: root, ansible_ssh_private_key_file: %s}
                    """.formatted(tarpit.getLocalPort(), fleet.clientKey(), garbage.getLocalPort(), fleet.clientKey()),
                    StandardOpenOption.APPEND);
            Path pb = Files.writeString(tmp.resolve("site.yml"), """
                    - hosts: all
                      tasks:
                        - copy: {content: "x\\n", dest: /srv/scale-x}
                    """);
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.onFleet(fleet, "plan", pb, inv, "--timeout", "3"));
            // A bound against a hang, not a speed check: without a handshake deadline this run never ends.
            CliRun r = run.get(120, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.UNREACHABLE);
            assertThat(r.out()).contains("tarpit: unreachable: no SSH handshake within 3 s")
                    .containsPattern("garbage: unreachable: ")
                    .contains("on 22 hosts (0 unchanged)").contains("Errors: 0 failed, 2 unreachable.").doesNotContain("No changes.");
            for (FleetHost h : fleet.hosts()) assertThat(r.out()).contains(h.name() + ":\n  + ");
            tarpitThread.interrupt();
            garbageThread.interrupt();
            for (Socket s : held) s.close();
        }
    }

    @Test
    void a200000LineNewFilePlansWithItsDiffShownWhole() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) text.append("line ").append(i).append('\n');
        Path src = Files.writeString(tmp.resolve("big.txt"), text);
        Path pb = Files.writeString(tmp.resolve("big.yml"), """
                - hosts: h001
                  tasks:
                    - name: big text
                      copy: {src: "%s", dest: /srv/big.txt}
                """.formatted(src));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        long start = System.nanoTime();
        CliRun r = CliRun.onFleet(fleet, "plan", pb, inv, "--diff", "--stats");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("@@ -0,0 +1,200000 @@").contains("+line 199999");
        // For the closing note of issue 14: the figure, never an assertion.
        System.out.println("200,000-line new file, plan --diff on one host: " + millis + " ms wall; "
                + r.out().lines().filter(l -> l.contains("plan ") || l.startsWith("Stats:")).toList());
    }

    @Test
    void a50MibCopyToTwentyHostsRunsIn256MibOfHeap() throws Exception {
        Path jar = Path.of("target/opsctl.jar");
        assertThat(jar).as("the packaged jar (mvn package runs before the fleet tests)").exists();
        byte[] content = WriteFaultsIT.randomBytes(50 << 20, 5);
        Path src = Files.write(tmp.resolve("fifty"), content);
        Path pb = Files.writeString(tmp.resolve("fifty.yml"), """
                - hosts: all
                  tasks:
                    - name: dir
                      file: {path: /srv/fifty, state: directory}
                    - name: fifty MiB
                      copy: {src: "%s", dest: /srv/fifty/blob}
                """.formatted(src));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path gcLog = tmp.resolve("gc.log");
        Process p = new ProcessBuilder("java", "-Xmx256m", "-XX:+UseSerialGC", "-Xlog:gc:file=" + gcLog, "-jar", jar.toString(),
                "apply", pb.toString(), "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).doesNotContain("OutOfMemoryError");
        String sha = WriteFaultsIT.sha256(content);
        for (FleetHost h : fleet.hosts()) {
            assertThat(WriteFaultsIT.sha256(Files.readAllBytes(fleet.path(h, "/srv/fifty/blob")))).as(h.name()).isEqualTo(sha);
        }
        // For the closing note of issue 14: the largest heap in use before a collection, never an assertion.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)M->").matcher(Files.readString(gcLog));
        long peak = 0;
        while (m.find()) peak = Math.max(peak, Long.parseLong(m.group(1)));
        System.out.println("50 MiB copy to 20 hosts with -Xmx256m: peak heap before a GC " + peak + " MiB");
    }

    private interface Accept {
        void accepted(Socket s) throws IOException;
    }

    private static Thread serve(ServerSocket server, Accept onAccept) {
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    onAccept.accepted(server.accept());
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }
}
