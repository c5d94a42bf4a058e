package dev.opsctl.module.geturl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans against fixture facts, with downloads from a real HTTP server on 127.0.0.1. */
class GetUrlModuleTest {
    private static final String BODY = "release 1.2\n";
    private static final String WRONG_SHA256 = "3c1fdb6e5bb9f7ba4b4ad8cd3a96e3d3bd1a3e6a0d4bb23d6ca2b75c1c82d8e9";

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger gets = new AtomicInteger();
    private final GetUrlModule module = new GetUrlModule(new Downloads());
    private String base;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            gets.incrementAndGet();
            String path = x.getRequestURI().getPath();
            byte[] body = switch (path) {
                case "/app.txt" -> BODY.getBytes(StandardCharsets.UTF_8);
                case "/SHA256SUMS" -> ("0".repeat(64) + "  other.txt\n" + sha256(BODY) + " *app.txt\n").getBytes(StandardCharsets.UTF_8);
                case "/token" -> String.valueOf(x.getRequestHeaders().getFirst("X-Token")).getBytes(StandardCharsets.UTF_8);
                default -> null;
            };
            x.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String sha256(String s) {
        return new Checksum("sha256", null, null).digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private Planned plan(Map<String, Object> raw, Map<FactQuery<?>, Object> facts) {
        GetUrlModule.GetUrlArgs a = new HostRun(dir).parse(module, raw);
        Map<FactQuery<?>, Object> all = new HashMap<>();
        for (FactQuery<?> q : module.facts(a)) all.put(q, q instanceof FileQuery ? FileState.ABSENT : null);
        all.put(new FileQuery("/srv", false), dir(0755));
        all.putAll(facts);
        return module.plan(a, HostRun.facts(all));
    }

    private static FileState dir(int mode) {
        return new FileState.Present(FileState.Kind.DIRECTORY, mode, "root", "root", 4096, 1, 2, null, null, null, 0, 0);
    }

    @Test
    void aMissingFileIsDownloadedOnceAndWrittenWithItsMode() {
        Map<String, Object> raw = Map.of("url", base + "/app.txt", "dest", "/srv/app.txt", "mode", "0640");
        Planned p = plan(raw, Map.of());
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("download " + base + "/app.txt", "content 12 bytes", "mode 0640");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo(BODY);
        plan(raw, Map.of());
        assertThat(gets.get()).as("one download per run, however many plans").isEqualTo(1);
    }

    @Test
    void anExistingFileIsNotFetchedWithoutForceButItsAttributesAreFixed() {
        Planned p = plan(Map.of("url", base + "/missing", "dest", "/srv/app.txt", "mode", "0600"),
                Map.of(new FileQuery("/srv/app.txt", true), HostRun.file("old\n")));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("mode 0644 -> 0600");
        assertThat(gets.get()).isZero();
    }

    @Test
    void aChecksumDecidesAndMayComeFromAChecksumList() {
        String sum = sha256(BODY);
        Map<FactQuery<?>, Object> same = Map.of(new FileQuery("/srv/app.txt", true), HostRun.file(BODY),
                new ChecksumQuery("/srv/app.txt", "sha256"), sum);
        assertThat(plan(Map.of("url", base + "/app.txt", "dest", "/srv/app.txt", "checksum", "sha256:" + sum), same)
                .change().action()).isEqualTo(Action.NO_OP);
        assertThat(gets.get()).isZero();
        Map<FactQuery<?>, Object> stale = Map.of(new FileQuery("/srv/app.txt", true), HostRun.file("old\n"),
                new ChecksumQuery("/srv/app.txt", "sha256"), "00");
        Planned p = plan(Map.of("url", base + "/app.txt", "dest", "/srv/app.txt", "checksum", "sha256:" + base + "/SHA256SUMS"), stale);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().diff()).contains("-old", "+release 1.2");
        assertThatThrownBy(() -> plan(Map.of("url", base + "/app.txt", "dest", "/srv/app.txt", "checksum", "sha256:" + WRONG_SHA256), Map.of()))
                .isInstanceOf(PlanException.class).hasMessageContaining("did not match " + WRONG_SHA256 + "; it was " + sum);
    }

    @Test
    void aDirectoryDestGetsTheUrlsFileNameAndHeadersAreSent() {
        Planned p = plan(Map.of("url", base + "/token", "dest", "/srv", "headers", Map.of("X-Token", "s3cret")),
                Map.of(new FileQuery("/srv", true), dir(0755)));
        assertThat(p.change().summary()).isEqualTo("file /srv/token");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo("s3cret");
        assertThat(GetUrlModule.headers("Accept: text/plain, X-A: b")).containsExactly(Map.entry("Accept", "text/plain"), Map.entry("X-A", "b"));
    }

    @Test
    void failuresAreClear() {
        assertThatThrownBy(() -> plan(Map.of("url", base + "/nope", "dest", "/srv/x"), Map.of()))
                .isInstanceOf(PlanException.class).hasMessage("Request failed: HTTP status 404 for " + base + "/nope");
        assertThatThrownBy(() -> plan(Map.of("url", "http://127.0.0.1:9/x", "dest", "/srv/x"), Map.of()))
                .isInstanceOf(PlanException.class).hasMessage("Request failed: http://127.0.0.1:9/x: cannot connect from the controller");
        assertThatThrownBy(() -> plan(Map.of("url", base + "/app.txt", "dest", "/nowhere/x"), Map.of(new FileQuery("/nowhere", false), FileState.ABSENT)))
                .isInstanceOf(PlanException.class).hasMessage("Destination /nowhere does not exist");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("url", "file:///etc/passwd", "dest", "/x")))
                .isInstanceOf(ArgException.class).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("url", base, "dest", "/x", "checksum", "crc32:ab")))
                .isInstanceOf(ArgException.class).hasMessageContaining("crc32");
    }

    @Test
    void writesRealFilesWhenApplied() throws Exception {
        HostRun run = new HostRun(dir);
        Path dest = dir.resolve("got.txt");
        GetUrlModule.GetUrlArgs a = run.parse(module, Map.of("url", base + "/app.txt", "dest", dest.toString(), "checksum", "sha256:" + sha256(BODY)));
        assertThat(run.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(dest)).isEqualTo(BODY);
        assertThat(run.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }
}
