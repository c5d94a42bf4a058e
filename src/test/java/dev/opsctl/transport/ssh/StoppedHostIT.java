package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.Sessions;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connection's deadline counts only silence: a command that runs longer than the timeout on a host that answers
 * ends normally, while opening a command's channel on a host whose sshd was stopped fails saying the host stopped
 * answering (rather than waiting sshj's 30 s and saying nothing of why).
 */
@FleetHosts(2)
class StoppedHostIT {
    private static Fleet fleet;
    private static SshConnector connector;

    @BeforeAll
    static void startFleet() throws Exception {
        connector = new SshConnector(HostKeys.load(fleet.knownHosts(), false));
    }

    private static SshTarget target(String name) {
        FleetHost h = fleet.host(name);
        return SshTarget.of(h.name(), "127.0.0.1", h.port(), "root").withIdentityFiles(List.of(fleet.clientKey()))
                .withConnectTimeout(Duration.ofSeconds(3));
    }

    @Test
    void aCommandLongerThanTheTimeoutOnAHostThatAnswersEndsNormally() throws Exception {
        try (SshConnection c = connector.connect(target("h001"))) {
            ExecResult r = c.exec("sleep 8; echo slept");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).isEqualTo("slept\n");
        }
    }

    @Test
    void aCommandOnAHostWhoseSshdStoppedFailsSayingSo() throws Exception {
        FleetHost h = fleet.host("h002");
        try (SshConnection c = connector.connect(target("h002"))) {
            assertThat(c.exec("echo up").out()).isEqualTo("up\n");
            List<ProcessHandle> sessions = Sessions.of(fleet, h);
            assertThat(sessions).isNotEmpty();
            Sessions.signal("STOP", sessions);
            try {
                assertThatThrownBy(() -> c.exec("echo never"))
                        .isInstanceOf(TransportException.class)
                        .hasMessageContaining("h002: ")
                        .hasMessageContaining("the host stopped answering (no reply to keep-alives for");
            } finally {
                Sessions.signal("CONT", sessions);
            }
            assertThat(c.isOpen()).isFalse();
        }
    }
}
