package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.bench.DelayProxy;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.transport.ExecResult;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH conversation through a {@link DelayProxy}, which counts its round trips: a key is signed at once (no query
 * first), input and end-of-file follow the exec request without waiting for its reply, and neither changes what the
 * host runs or answers. The counts are the proxy's (chains of waits), not times.
 */
@FleetHosts(1)
class SshRoundTripsIT {
    static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void connectAndOneExecWithoutInputTakeSixRoundTrips() throws Exception {
        try (DelayProxy proxy = proxy()) {
            try (SshConnection c = connect(proxy, List.of(fleet.clientKey()))) {
                ExecResult r = c.exec("echo hello; exit 3");
                assertThat(r.exitCode()).isEqualTo(3);
                assertThat(r.out()).isEqualTo("hello\n");
            }
            // KEXINITs, the key exchange, NEWKEYS with the service request, the signed publickey request, the channel
            // open, the exec request with its end of input. Before: 8 (sshj asked about the key before signing, and the
            // end of input waited for the exec's reply, or with Nagle's algorithm for the ack of the request).
            assertThat(proxy.conversations()).hasSize(1);
            assertThat(proxy.conversations().get(0).count()).isLessThanOrEqualTo(6);
        }
    }

    @Test
    void inputSentBehindTheExecRequestArrivesWhole() throws Exception {
        byte[] data = new byte[300_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 31);
        try (DelayProxy proxy = proxy(); SshConnection c = connect(proxy, List.of(fleet.clientKey()))) {
            ExecResult echoed = c.exec("cat", data);
            assertThat(echoed.exitCode()).isZero();
            assertThat(echoed.stdout()).isEqualTo(data);
            ExecResult small = c.exec("tr a-z A-Z", "quiet\n".getBytes(StandardCharsets.UTF_8));
            assertThat(small.out()).isEqualTo("QUIET\n");
            assertThat(c.exec("exit 5").exitCode()).as("no input: the end of it rides with the request").isEqualTo(5);
        }
    }

    @Test
    void aKeyTheHostRefusesIsSignedInVainAndTheNextOneLogsIn() throws Exception {
        Path stranger = tmp.resolve("id_stranger");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString())
                .redirectErrorStream(true).start();
        assertThat(keygen.waitFor()).isZero();
        try (DelayProxy proxy = proxy(); SshConnection c = connect(proxy, List.of(stranger, fleet.clientKey()))) {
            assertThat(c.exec("id -un").out()).isEqualTo("root\n");
        }
    }

    private DelayProxy proxy() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        return DelayProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), h.port()), Duration.ofMillis(10));
    }

    /** Connects to the fleet's first host through {@code proxy}, its host key known under the proxy's port. */
    private SshConnection connect(DelayProxy proxy, List<Path> keys) throws Exception {
        FleetHost h = fleet.hosts().get(0);
        Path known = tmp.resolve("known_hosts-" + proxy.port());
        StringBuilder lines = new StringBuilder();
        for (String line : Files.readAllLines(fleet.knownHosts())) {
            String prefix = "[127.0.0.1]:" + h.port() + " ";
            if (line.startsWith(prefix)) lines.append("[127.0.0.1]:").append(proxy.port()).append(' ').append(line.substring(prefix.length())).append('\n');
        }
        Files.writeString(known, lines);
        SshConnector connector = new SshConnector(HostKeys.load(known, false), null, null, tmp.resolve("no-default-keys"));
        return connector.connect(SshTarget.of(h.name(), "127.0.0.1", proxy.port(), "root").withIdentityFiles(keys));
    }
}
