package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --notify URL} on this machine, as a user runs it, against an HTTP server on 127.0.0.1 that records what
 * it receives: the documented JSON for a run that succeeds, one that fails and one that is refused; an endpoint that
 * errs or never answers costs the run at most its timeouts and a warning.
 */
class NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;

    @BeforeEach
    void listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            if ("POST".equals(ex.getRequestMethod()) && ex.getRequestHeaders().getFirst("Content-Type").equals("application/json")) {
                received.add(JSON.readTree(body));
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String hook() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** A playbook in a Git repository whose origin URL carries a token, which no notification may show. */
    private Path playbook(String task) throws Exception {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, "- hosts: localhost\n  tasks:\n    - " + task + "\n");
        git("init", "-q", "-b", "main");
        git("remote", "add", "origin", "https://deploy:s3cr3tt0ken@git.example.com/ops/site.git");
        git("add", "site.yml");
        git("-c", "user.name=Test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "site");
        return pb;
    }

    private String git(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void aSuccessfulApplyPostsStartThenSuccess() throws Exception {
        Path pb = playbook("file: path=" + dir.resolve("made") + " state=directory");
        CliRun r = CliRun.of("apply", pb.toString(), "--notify", hook());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(dir.resolve("made")).isDirectory();
        assertThat(r.err()).doesNotContain("warning");

        assertThat(received).extracting(j -> j.path("event").asText()).containsExactly("started", "succeeded");
        JsonNode start = received.get(0), done = received.get(1);
        String sha = git("rev-parse", "HEAD");
        for (JsonNode j : received) {
            assertThat(j.path("pipeline_id").asText()).isEqualTo(start.path("pipeline_id").asText()).isNotBlank();
            assertThat(j.path("commit_sha").asText()).isEqualTo(sha);
            assertThat(j.path("repo_url").asText()).isEqualTo("https://git.example.com/ops/site.git");
            assertThat(j.path("ref_name").asText()).isEqualTo("main");
            assertThat(j.path("environment").asText()).isEqualTo("PRODUCTION");
            assertThat(j.path("name").asText()).isEqualTo("opsctl apply " + pb);
            assertThat(j.path("opsctl").path("hosts").toString()).isEqualTo("[\"localhost\"]");
            assertThat(j.toString()).doesNotContain("s3cr3tt0ken");
        }
        assertThat(start.path("text").asText()).startsWith("opsctl apply " + pb + " on 1 host (localhost) started [" + sha.substring(0, 7) + " main]");
        assertThat(start.has("result")).isFalse();
        assertThat(start.has("end_time")).isFalse();
        assertThat(done.path("text").asText()).contains(" succeeded after ");
        assertThat(done.path("result").asText()).isEqualTo("SUCCESS");
        assertThat(done.path("start_time").asText()).isEqualTo(start.path("start_time").asText());
        assertThat(java.time.Instant.parse(done.path("end_time").asText())).isAfterOrEqualTo(java.time.Instant.parse(done.path("start_time").asText()));
        assertThat(done.path("opsctl").path("exit_code").asInt()).isZero();
    }

    @Test
    void aFailingApplyPostsStartThenFailure() throws Exception {
        Path pb = playbook("command: /bin/false");
        CliRun r = CliRun.of("apply", pb.toString(), "--notify", hook());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.CHANGES_OR_FAILED);
        assertThat(received).extracting(j -> j.path("event").asText()).containsExactly("started", "failed");
        JsonNode done = received.get(1);
        assertThat(done.path("result").asText()).isEqualTo("FAILURE");
        assertThat(done.path("opsctl").path("exit_code").asInt()).isEqualTo(2);
        assertThat(done.path("text").asText()).contains(" failed after ").contains(": one or more hosts failed");
    }

    @Test
    void aStaleSavedPlanIsARefusal() throws Exception {
        Path pb = playbook("file: path=" + dir.resolve("made") + " state=directory");
        Path plan = dir.resolve("plan.json");
        CliRun made = CliRun.of("plan", pb.toString(), "-o", plan.toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        Files.writeString(pb, Files.readString(pb).replace("made", "other"));
        CliRun r = CliRun.of("apply", plan.toString(), "--notify", hook());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(ExitCode.STALE_PLAN);
        assertThat(dir.resolve("made")).doesNotExist();
        assertThat(received).extracting(j -> j.path("event").asText()).containsExactly("refused");
        assertThat(received.get(0).path("result").asText()).isEqualTo("ABORT");
        assertThat(received.get(0).path("text").asText()).contains(" was refused after ").contains("the saved plan is stale");
    }

    @Test
    void anEndpointThatErrsIsTriedThreeTimesThenWarnedAbout() throws Exception {
        status = 503;
        Path pb = playbook("file: path=" + dir.resolve("made") + " state=directory");
        CliRun r = CliRun.of("apply", pb.toString(), "--notify", hook());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(dir.resolve("made")).isDirectory();
        // The warning comes only once every attempt has been made: then the server saw exactly three.
        assertThat(r.err()).contains("warning: the started notification to http://127.0.0.1:" + server.getAddress().getPort()
                + "/... was not delivered: HTTP 503");
        assertThat(received).filteredOn(j -> j.path("event").asText().equals("started")).hasSize(3);
    }

    @Test
    void aDeadEndpointDoesNotHoldTheRunBeyondItsTimeouts() throws Exception {
        // Accepts connections and never answers: every request waits out its 2 s timeout.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) held.add(silent.accept());
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path pb = playbook("file: path=" + dir.resolve("made") + " state=directory");
            long t0 = System.nanoTime();
            CliRun r = CliRun.of("apply", pb.toString(), "--notify", "http://127.0.0.1:" + silent.getLocalPort() + "/hook/T000/B000/XXXX");
            long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
            assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
            assertThat(dir.resolve("made")).isDirectory();
            assertThat(r.err()).contains("warning: notifications to http://127.0.0.1:" + silent.getLocalPort() + "/... still pending after 2 s at exit were given up")
                    .doesNotContain("T000");
            // Not a speed test: a bound generous enough to catch only a run that waits on the endpoint without end.
            assertThat(seconds).isLessThan(30);
            for (Socket s : held) s.close();
        }
    }

    @Test
    void aBadUrlIsInvalidInputAndNothingRuns() throws Exception {
        Path pb = playbook("file: path=" + dir.resolve("made") + " state=directory");
        CliRun r = CliRun.of("apply", pb.toString(), "--notify", "ftp://example.com/x");
        assertThat(r.exitCode()).isEqualTo(ExitCode.INVALID_INPUT);
        assertThat(r.err()).contains("notify: 'ftp://example.com/...' is not an http:// or https:// URL with a host");
        assertThat(dir.resolve("made")).doesNotExist();
    }
}
