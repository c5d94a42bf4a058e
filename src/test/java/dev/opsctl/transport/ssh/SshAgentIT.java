package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Authentication through a real ssh-agent and nothing else: no key files, and a default key directory that is
 * empty, so any success is the agent's. Each test runs its own agent and stops it.
 */
@FleetHosts(1)
class SshAgentIT {
    /** How sshd's "Accepted publickey" log line names each key type. */
    static final Map<String, String> LOG_TYPE = Map.of("ed25519", "ED25519", "rsa", "RSA", "ecdsa", "ECDSA");
    static final AtomicInteger AGENTS = new AtomicInteger();

    static Fleet fleet;
    static FleetHost host;
    static HostKeys knownHosts;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void makeKeys() throws Exception {
        host = fleet.host("h001");
        knownHosts = HostKeys.load(fleet.knownHosts(), false);
        Files.createDirectories(tmp.resolve("empty-ssh-dir"));
        for (String type : List.of("ed25519", "rsa", "ecdsa", "stranger")) {
            List<String> keygen = new ArrayList<>(List.of("ssh-keygen", "-q", "-N", "", "-C", type + "@agent-it", "-f", key(type).toString()));
            keygen.addAll(type.equals("rsa") ? List.of("-t", "rsa", "-b", "2048") : List.of("-t", type.equals("ecdsa") ? "ecdsa" : "ed25519"));
            run(Map.of(), keygen.toArray(String[]::new));
        }
        for (String type : List.of("ed25519", "rsa", "ecdsa")) authorise("/root", type);
        authorise("/home/opspass", "ed25519");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "rsa", "ecdsa"})
    void eachKeyTypeAuthenticatesThroughTheAgentAlone(String type) throws Exception {
        try (Agent agent = new Agent()) {
            // The host does not know the first key: the connector must go on to the next one the agent holds.
            agent.add(key("stranger"));
            agent.add(key(type));
            try (SshConnection c = connector(agent.socket).connect(target("root"))) {
                assertThat(c.exec("id -un; hostname").out()).isEqualTo("root\nh001\n");
            }
            // OpenSSH 9 refuses ssh-rsa (SHA-1) signatures, so the RSA login also proves an rsa-sha2 signature.
            assertThat(sshdLog()).contains("Accepted publickey for root from 127.0.0.1 port ")
                    .contains(" ssh2: " + LOG_TYPE.get(type) + " " + fingerprint(type));
        }
    }

    @Test
    void withTheAgentStoppedAuthenticationFails() throws Exception {
        Path socket;
        try (Agent agent = new Agent()) {
            socket = agent.socket;
            agent.add(key("ed25519"));
            try (SshConnection c = connector(socket).connect(target("root"))) {
                assertThat(c.exec("hostname").out()).isEqualTo("h001\n");
            }
        }
        assertThatThrownBy(() -> connector(socket).connect(target("root")))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("h001: authentication failed (user root, keys: none, agent " + socket + ": not reachable (");
    }

    @Test
    void aKeyTheAgentRefusesToUseFallsThroughToThePassword() throws Exception {
        try (Agent willing = new Agent()) {
            willing.add(key("ed25519"));
            try (SshConnection c = connector(willing.socket).connect(target("opspass"))) {
                assertThat(c.exec("id -un").out()).as("the key alone opens opspass").isEqualTo("opspass\n");
            }
        }
        try (Agent refusing = new Agent()) {
            // -c: the agent must confirm each use through ssh-askpass, which here always says no.
            refusing.add(key("ed25519"), "-c");
            SshConnector connector = connector(refusing.socket);
            assertThatThrownBy(() -> connector.connect(target("opspass")))
                    .hasMessage("h001: authentication failed (user opspass, keys: none, agent " + refusing.socket + ": 1 key)");
            try (SshConnection c = connector.connect(target("opspass").withPassword(Fleet.OPSPASS_PASSWORD))) {
                assertThat(c.exec("id -un").out()).isEqualTo("opspass\n");
            }
            assertThat(sshdLog()).contains("Accepted password for opspass from 127.0.0.1");
        }
    }

    static SshConnector connector(Path agentSocket) {
        return new SshConnector(knownHosts, null, agentSocket, tmp.resolve("empty-ssh-dir"));
    }

    static SshTarget target(String user) {
        return SshTarget.of(host.name(), "127.0.0.1", host.port(), user);
    }

    static Path key(String type) {
        return tmp.resolve("id_" + type);
    }

    static void authorise(String home, String type) throws IOException {
        Files.write(fleet.path(host, home + "/.ssh/authorized_keys"), Files.readAllBytes(Path.of(key(type) + ".pub")), StandardOpenOption.APPEND);
    }

    static String fingerprint(String type) throws Exception {
        return run(Map.of(), "ssh-keygen", "-l", "-f", key(type) + ".pub").split(" ")[1];
    }

    static String sshdLog() throws IOException {
        return Files.readString(host.dir().resolve("sshd.log"));
    }

    static String run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    /** A real ssh-agent kept in the foreground (-D), so the process started here is the agent and is stopped by it. */
    static final class Agent implements AutoCloseable {
        final Path socket = tmp.resolve("agent-" + AGENTS.incrementAndGet() + ".sock");
        final Process process;

        Agent() throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve(socket.getFileName() + ".log").toFile());
            // A key added with -c is confirmed through ssh-askpass; /bin/false declines every use.
            pb.environment().remove("DISPLAY");
            pb.environment().put("SSH_ASKPASS", "/bin/false");
            pb.environment().put("SSH_ASKPASS_REQUIRE", "force");
            process = pb.start();
            Instant deadline = Instant.now().plusSeconds(10);
            while (!Files.exists(socket)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    close();
                    throw new IOException("ssh-agent did not create " + socket);
                }
                Thread.sleep(20);
            }
        }

        void add(Path key, String... options) throws Exception {
            List<String> command = new ArrayList<>(List.of("ssh-add", "-q"));
            command.addAll(List.of(options));
            command.add(key.toString());
            run(Map.of("SSH_AUTH_SOCK", socket.toString()), command.toArray(String[]::new));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
