package dev.opsctl.module.authorizedkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * authorized_key with {@code key:} a URL: planned from the fetched keys (fixtures), and fetched for real by this
 * machine's curl from a server the test starts, as a host fetches them.
 */
class AuthorizedKeyUrlTest {
    private static final String A = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIC8X6Us9Z3s+K65rEwFTURpq alice@laptop";
    private static final String B = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINg/s4Wjm7k5pKoB9MWJ0D5P";
    private static final String URL = "https://github.com/deploy.keys";

    private final AuthorizedKeyModule module = new AuthorizedKeyModule();
    private HttpServer server;

    @TempDir
    Path dir;

    @BeforeEach
    void serve() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/deploy.keys", x -> {
            byte[] body = ("# deploy's keys\n" + A + "\n\n" + B + "\n").getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream o = x.getResponseBody()) {
                o.write(body);
            }
        });
        server.createContext("/moved.keys", x -> {
            x.getResponseHeaders().add("Location", "/deploy.keys");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private static UserState.Present deploy(FileState keys) {
        FileState sshDir = new FileState.Present(FileState.Kind.DIRECTORY, 0700, "deploy", "deploy", 4096, 1, 3, null, null, null, 1500, 1500);
        return new UserState.Present("deploy", 1500, 1500, "deploy", List.of(), "", "/home/deploy", "/bin/bash", "", true, sshDir, keys);
    }

    private Planned plan(Map<String, Object> raw, UrlKeysQuery.Answer fetched, FileState keys) {
        AuthorizedKeyModule.KeyArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new UserQuery("deploy"), deploy(keys), new UrlKeysQuery(URL, true), fetched)));
    }

    @Test
    void theFetchedKeysPlanAsInlineKeysDoExclusiveToo() {
        byte[] old = ("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC carol\n").getBytes(StandardCharsets.UTF_8);
        FileState file = new FileState.Present(FileState.Kind.FILE, 0600, "deploy", "deploy", old.length, 1, 2, null, old, FileQuery.sha1(old), 1500, 1500);
        Planned p = plan(Map.of("user", "deploy", "key", URL, "exclusive", true), new UrlKeysQuery.Keys("# a comment\n" + A + "\n" + B + "\n"), file);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(((FileState.Present) p.predicted().get(0).value()).contentText()).isEqualTo(A + "\n" + B + " \n");
        assertThat(p.change().details()).anyMatch(d -> d.startsWith("remove key ssh-rsa") && d.endsWith("(exclusive)"));

        Planned same = plan(Map.of("user", "deploy", "key", URL), new UrlKeysQuery.Keys(A + "\n" + B + "\n"),
                new FileState.Present(FileState.Kind.FILE, 0600, "deploy", "deploy", 1, 1, 2, null,
                        (A + "\n" + B + " \n").getBytes(StandardCharsets.UTF_8), null, 1500, 1500));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aFailedFetchOrABadKeyFailsTheTaskWithAnsiblesMessage() {
        assertThatThrownBy(() -> plan(Map.of("user", "deploy", "key", URL), new UrlKeysQuery.Failed("HTTP status 404"), FileState.ABSENT))
                .isInstanceOf(PlanException.class).hasMessage("Error getting key from: " + URL + " (HTTP status 404)");
        assertThatThrownBy(() -> plan(Map.of("user", "deploy", "key", URL), new UrlKeysQuery.Keys("<html>not keys</html>"), FileState.ABSENT))
                .isInstanceOf(PlanException.class).hasMessage("invalid key specified: <html>not keys</html>");
    }

    @Test
    void curlFetchesTheKeysFollowingARedirectAndTheFileIsWritten() throws Exception {
        Path file = dir.resolve("keys/root");
        HostRun host = new HostRun(dir);
        var a = host.parse(module, Map.of("user", "root", "key", url("/moved.keys"), "path", file.toString()));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(file)).isEqualTo(A + "\n" + B + " \n");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(a, host.plan(module, a), null)).containsEntry("key", url("/moved.keys")).containsEntry("validate_certs", true);
    }

    @Test
    void aMissingPageOrAServerThatIsNotThereIsATaskError() throws Exception {
        HostRun host = new HostRun(dir);
        var missing = host.parse(module, Map.of("user", "root", "key", url("/nobody.keys"), "path", dir.resolve("k").toString()));
        assertThatThrownBy(() -> host.plan(module, missing)).isInstanceOf(PlanException.class)
                .hasMessage("Error getting key from: " + url("/nobody.keys") + " (HTTP status 404)");
        String closed = url("/deploy.keys");
        server.stop(0);
        var refused = host.parse(module, Map.of("user", "root", "key", closed, "path", dir.resolve("k").toString()));
        assertThatThrownBy(() -> host.plan(module, refused)).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("Error getting key from: " + closed + " (curl: (7) ");
        assertThat(dir.resolve("k")).doesNotExist();
    }
}
