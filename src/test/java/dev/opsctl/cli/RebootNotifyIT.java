package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opsctl reboot --notify URL} on real sshd hosts: an HTTP server on 127.0.0.1 receives start and success, or a refusal. */
@FleetHosts(2)
class RebootNotifyIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private String inv;
    private String knownHosts;

    @BeforeEach
    void setUp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            received.add(new ObjectMapper().readTree(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        Path i = tmp.resolve("inventory.yml");
        fleet.inventory(i, Map.of("web", List.of("h001", "h002")));
        inv = i.toString();
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);
        knownHosts = kh.toString();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Test
    void aRebootPostsStartThenSuccessWithItsHosts() {
        CliRun r = CliRun.of("reboot", "web", "-i", inv, "--known-hosts", knownHosts, "--yes", "--timeout", "60", "--notify", hook());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(received).extracting(j -> j.path("event").asText()).containsExactly("started", "succeeded");
        for (JsonNode j : received) {
            assertThat(j.path("name").asText()).isEqualTo("opsctl reboot web");
            assertThat(j.path("opsctl").path("hosts").toString()).isEqualTo("[\"h001\",\"h002\"]");
            assertThat(j.path("commit_sha").isNull()).isTrue();
        }
        assertThat(received.get(1).path("result").asText()).isEqualTo("SUCCESS");
        assertThat(received.get(1).path("text").asText()).startsWith("opsctl reboot web on 2 hosts (h001, h002) succeeded after ");
    }

    @Test
    void aRebootOverItsHostCapIsARefusalAndRebootsNothing() throws Exception {
        String before = fleet.bootId(fleet.hosts().get(0));
        CliRun r = CliRun.of("reboot", "web", "-i", inv, "--known-hosts", knownHosts, "--yes", "--max-hosts", "1", "--notify", hook());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(fleet.bootId(fleet.hosts().get(0))).isEqualTo(before);
        assertThat(received).extracting(j -> j.path("event").asText()).containsExactly("refused");
        assertThat(received.get(0).path("result").asText()).isEqualTo("ABORT");
        assertThat(received.get(0).path("opsctl").path("detail").asText()).contains("max-hosts");
    }
}
