package dev.opsctl.module.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** uri's request made by this machine's curl against a local server: what the server received, what register: holds. */
class UriModuleTest {
    private final UriModule module = new UriModule();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String base;

    @TempDir
    Path dir;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(x.getRequestMethod() + " " + x.getRequestURI() + " " + x.getRequestHeaders().getFirst("Content-Type")
                    + " " + x.getRequestHeaders().getFirst("X-Token") + " " + x.getRequestHeaders().getFirst("User-Agent") + " " + body);
            switch (x.getRequestURI().getPath()) {
                case "/api" -> {
                    byte[] b = "{\"ok\": true, \"n\": 2}".getBytes(StandardCharsets.UTF_8);
                    x.getResponseHeaders().add("Content-Type", "application/json");
                    x.getResponseHeaders().add("X-Request-Id", "r1");
                    x.sendResponseHeaders(200, b.length);
                    x.getResponseBody().write(b);
                }
                case "/moved" -> {
                    x.getResponseHeaders().add("Location", "/api");
                    x.sendResponseHeaders(302, -1);
                }
                case "/created" -> x.sendResponseHeaders(201, -1);
                default -> x.sendResponseHeaders(404, -1);
            }
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Map<String, Object> run(Map<String, Object> raw) throws Exception {
        HostRun host = new HostRun(dir);
        UriArgs a = host.parse(module, raw);
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.RUN);
        Map<String, Object> reg = module.registered(a, p, host.last());
        assertThat(module.failed(a, host.last())).isEqualTo(!a.statusCodes().contains(reg.get("status")));
        return reg;
    }

    @Test
    void aGetFollowsTheRedirectAndRegistersHeadersJsonAndContentAsUriPyDoes() throws Exception {
        Map<String, Object> reg = run(Map.of("url", base + "/moved", "return_content", true, "headers", Map.of("X-Token", "t0k")));
        assertThat(reg).containsEntry("status", 200).containsEntry("url", base + "/api").containsEntry("redirected", true)
                .containsEntry("content_type", "application/json").containsEntry("x_request_id", "r1")
                .containsEntry("json", Map.of("ok", true, "n", 2)).containsEntry("content", "{\"ok\": true, \"n\": 2}")
                .containsEntry("msg", "OK (20 bytes)");
        assertThat(received).containsExactly("GET /moved null t0k ansible-httpget ", "GET /api null t0k ansible-httpget ");
    }

    @Test
    void aJsonBodyIsPostedWithItsContentTypeAndTheStatusIsChecked() throws Exception {
        Map<String, Object> reg = run(Map.of("url", base + "/created", "method", "post", "body_format", "json",
                "body", Map.of("name", "web"), "status_code", List.of(200, 201)));
        assertThat(reg).containsEntry("status", 201);
        assertThat(received).containsExactly("POST /created application/json null ansible-httpget {\"name\":\"web\"}");

        Map<String, Object> missing = run(Map.of("url", base + "/nothing"));
        assertThat(missing).containsEntry("status", 404);
        assertThat((String) missing.get("msg")).startsWith("Status code was 404 and not [200]: HTTP Error 404");
    }

    @Test
    void noServerIsStatusMinusOneAndCreatesSkipsTheRequest() throws Exception {
        server.stop(0);
        Map<String, Object> reg = run(Map.of("url", base + "/api", "timeout", 5));
        assertThat(reg).containsEntry("status", -1);
        assertThat((String) reg.get("msg")).startsWith("Status code was -1 and not [200]: Request failed: curl: (7)");

        UriArgs a = new HostRun(dir).parse(module, Map.of("url", base + "/api", "creates", "/etc/hostname"));
        Planned skipped = module.plan(a, HostRun.facts(Map.of(new FileQuery("/etc/hostname", false), HostRun.file("h\n"))));
        assertThat(skipped.change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.plan(a, HostRun.facts(Map.of(new FileQuery("/etc/hostname", false), FileState.ABSENT)))
                .change().action()).isEqualTo(Action.RUN);
    }

    @Test
    void aLowerCaseWordMethodIsUpperCasedAndAnythingElseIsRefused() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("url", base, "method", "GET /x")))
                .isInstanceOf(ArgException.class).hasMessageContaining("single word in uppercase");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("url", base, "dest", "/tmp/x")))
                .isInstanceOf(ArgException.class).hasMessage("argument 'dest' is not supported by opsctl's uri");
    }
}
