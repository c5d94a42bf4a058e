package dev.opsctl.module.waitfor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wait loop runs here, with this machine standing in for a host: real sockets and files. */
class WaitForModuleTest {
    private final WaitForModule module = new WaitForModule();

    @TempDir
    Path dir;

    private ExecResult run(Map<String, Object> raw) throws Exception {
        Planned p = module.plan(new HostRun(dir).parse(module, raw), new Facts());
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        return new LocalConnection("localhost").exec(p.change().steps().get(0).script(), new byte[0]);
    }

    @Test
    void aListeningPortIsSeenInProcNetTcpAndAClosedOneTimesOut() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(run(Map.of("port", s.getLocalPort(), "timeout", 5)).exitCode()).isZero();
            ExecResult stopped = run(Map.of("port", s.getLocalPort(), "state", "stopped", "timeout", 1));
            assertThat(stopped.exitCode()).isEqualTo(1);
            assertThat(stopped.err()).contains("Timeout when waiting for 127.0.0.1:" + s.getLocalPort() + " to stop.");
        }
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        assertThat(run(Map.of("port", free, "state", "stopped", "timeout", 2)).exitCode()).isZero();
        ExecResult r = run(Map.of("port", free, "timeout", 1, "msg", "no service"));
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("no service\n");
    }

    @Test
    void anotherHostsPortIsTriedWithAClientProgram() throws Exception {
        // "127.1" is not one of the names read from /proc: the check connects (nc, else bash's /dev/tcp).
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            assertThat(run(Map.of("host", "127.1", "port", port, "timeout", 5)).exitCode()).isZero();
        }
        assertThat(run(Map.of("host", "127.1", "port", port, "state", "stopped", "timeout", 5)).exitCode()).isZero();
        assertThat(run(Map.of("host", "127.1", "port", port, "timeout", 1)).err()).contains("Timeout when waiting for 127.1:" + port);
    }

    @Test
    void aFileWithTheSearchedTextEndsTheWaitAndRegisterHasElapsed() throws Exception {
        Path f = dir.resolve("app.log");
        Files.writeString(f, "starting\nready on 8080\n");
        ExecResult r = run(Map.of("path", f.toString(), "search_regex", "ready on [0-9]+", "timeout", 3));
        assertThat(r.exitCode()).isZero();
        WaitForModule.WaitArgs a = new HostRun(dir).parse(module, Map.of("path", f.toString()));
        assertThat(module.registered(a, null, r)).containsEntry("elapsed", 0);
        assertThat(run(Map.of("path", f.toString(), "search_regex", "failed", "timeout", 1)).err())
                .contains("Timeout when waiting for search string failed in " + f);
        assertThat(run(Map.of("path", dir.resolve("gone").toString(), "state", "absent", "timeout", 1)).exitCode()).isZero();
    }

    @Test
    void conflictingAndUnsupportedArgumentsAreErrors() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("port", 1, "path", "/x")))
                .isInstanceOf(ArgException.class).hasMessageContaining("can not both");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("port", 1, "state", "drained")))
                .isInstanceOf(ArgException.class).hasMessageContaining("drained");
    }
}
