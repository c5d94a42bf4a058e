package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshConnection, HostKeys and SshConnector against real sshd hosts; each test that disturbs a host has its own. */
@FleetHosts(6)
class SshConnectionIT {
    static Fleet fleet;
    static HostKeys knownHosts;
    static SshConnector connector;

    @TempDir
    Path tmp;

    @BeforeAll
    static void connectorForFleetKeys() throws Exception {
        knownHosts = HostKeys.load(fleet.knownHosts(), false);
        connector = new SshConnector(knownHosts);
    }

    static SshTarget target(String host, String user) {
        FleetHost h = fleet.host(host);
        return SshTarget.of(h.name(), "127.0.0.1", h.port(), user).withIdentityFiles(List.of(fleet.clientKey()));
    }

    @Test
    void execReturnsOutputStderrAndExitCode() throws Exception {
        try (SshConnection c = connector.connect(target("h001", "root"))) {
            ExecResult r = c.exec("hostname; echo to-err >&2; exit 3");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.out()).isEqualTo("h001\n");
            assertThat(r.err()).isEqualTo("to-err\n");
            assertThat(c.exec("printf '%s' \"$0\"").out()).as("runs under sh -c").isEqualTo("sh");
            assertThat(c.exec("kill -TERM $$").exitCode()).as("killed by a signal: 128 + 15").isEqualTo(143);
            assertThat(c.counter().execs()).isEqualTo(3);
        }
    }

    @Test
    void fiveMegabytesOfStdinRoundTripAndBigOutputsDoNotDeadlock() throws Exception {
        byte[] data = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(data);
        try (SshConnection c = connector.connect(target("h001", "root"))) {
            ExecResult echoed = c.exec("cat", data);
            assertThat(echoed.exitCode()).isZero();
            assertThat(echoed.stdout()).isEqualTo(data);

            ExecResult both = c.exec("head -c 3000000 /dev/zero; head -c 3000000 /dev/zero >&2");
            assertThat(both.stdout()).hasSize(3_000_000);
            assertThat(both.stderr()).hasSize(3_000_000);

            Instant t0 = Instant.now();
            ExecResult ignored = c.exec("exit 4", data);
            assertThat(ignored.exitCode()).as("a script that reads no stdin still ends").isEqualTo(4);
            assertThat(Duration.between(t0, Instant.now())).as("without waiting out a timeout").isLessThan(Duration.ofSeconds(10));

            c.exec("exec >/dev/null 2>&1; sleep 1; cat > /root/late-reader", data);
            assertThat(c.exec("wc -c < /root/late-reader").out().strip()).as("stdin read after the output closed")
                    .isEqualTo(Integer.toString(data.length));
            assertThat(c.exec("echo still usable").out()).isEqualTo("still usable\n");
        }
    }

    @Test
    void factBatchGathersOverSsh() throws Exception {
        try (SshConnection c = connector.connect(target("h001", "root"))) {
            c.exec("printf 'hello\\n' > /root/fact-file && chmod 640 /root/fact-file");
            FileQuery present = new FileQuery("/root/fact-file", true);
            FileQuery absent = new FileQuery("/root/no such file", false);
            Facts facts = new Facts();
            long before = c.counter().execs();
            FactBatch.gather(c, List.of(present, absent), facts);
            assertThat(c.counter().execs() - before).as("one exec for all queries").isEqualTo(1);
            FileState.Present file = (FileState.Present) facts.get(present);
            assertThat(file.mode()).isEqualTo(0640);
            assertThat(file.owner()).isEqualTo("root");
            assertThat(file.contentText()).isEqualTo("hello\n");
            assertThat(facts.get(absent).exists()).isFalse();
        }
    }

    @Test
    void aFileWrittenOnOneHostIsAbsentOnAnother() throws Exception {
        try (SshConnection h1 = connector.connect(target("h001", "root"));
             SshConnection h2 = connector.connect(target("h002", "root"))) {
            assertThat(h1.exec("echo mine > /etc/opsctl-isolation && cat /etc/opsctl-isolation").out()).isEqualTo("mine\n");
            assertThat(h2.exec("test -e /etc/opsctl-isolation").exitCode()).isEqualTo(1);
            assertThat(Files.exists(Path.of("/etc/opsctl-isolation"))).as("not on the machine itself").isFalse();
        }
    }

    @Test
    void unknownHostKeyIsRefusedUnlessNewKeysAreAcceptedThenItIsRecorded() throws Exception {
        Path file = tmp.resolve("known_hosts");
        SshTarget t = target("h002", "root");
        assertThatThrownBy(() -> new SshConnector(HostKeys.load(file, false)).connect(t))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("h002: host key not known: [127.0.0.1]:" + t.port() + " offered " + hostKeyFingerprint("h002"));
        assertThat(file).doesNotExist();

        try (SshConnection c = new SshConnector(HostKeys.load(file, true)).connect(t)) {
            assertThat(c.exec("hostname").out()).isEqualTo("h002\n");
        }
        assertThat(Files.readString(file)).startsWith("[127.0.0.1]:" + t.port() + " ssh-ed25519 AAAA");
        try (SshConnection c = new SshConnector(HostKeys.load(file, false)).connect(t)) {
            assertThat(c.exec("hostname").out()).as("recorded key is now known").isEqualTo("h002\n");
        }
    }

    @Test
    void hashedKnownHostsEntriesWork() throws Exception {
        Path file = tmp.resolve("hashed_known_hosts");
        Files.copy(fleet.knownHosts(), file);
        Process p = new ProcessBuilder("ssh-keygen", "-H", "-f", file.toString()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(file)).startsWith("|1|").doesNotContain("127.0.0.1");
        try (SshConnection c = new SshConnector(HostKeys.load(file, false)).connect(target("h002", "root"))) {
            assertThat(c.exec("hostname").out()).isEqualTo("h002\n");
        }
    }

    @Test
    void aChangedHostKeyIsRefusedWithBothFingerprintsEvenWhenNewKeysAreAccepted() throws Exception {
        FleetHost h = fleet.host("h005");
        String old = hostKeyFingerprint("h005");
        fleet.rekey(h);
        String now = hostKeyFingerprint("h005");
        assertThat(now).isNotEqualTo(old);
        String knownBefore = Files.readString(fleet.knownHosts());
        SshConnector accepting = new SshConnector(HostKeys.load(fleet.knownHosts(), true));
        assertThatThrownBy(() -> accepting.connect(target("h005", "root")))
                .isInstanceOf(TransportException.class)
                .hasMessageStartingWith("h005: host key changed for [127.0.0.1]:" + h.port())
                .hasMessageContaining("expected " + old)
                .hasMessageContaining("got " + now);
        assertThat(Files.readString(fleet.knownHosts())).isEqualTo(knownBefore);
    }

    @Test
    void aKeyTheHostDoesNotKnowFailsAuthenticationForThatHost() throws Exception {
        Path wrong = tmp.resolve("wrong_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrong.toString());
        SshTarget t = target("h003", "root").withIdentityFiles(List.of(wrong));
        assertThatThrownBy(() -> connector.connect(t))
                .isInstanceOf(TransportException.class)
                .hasMessage("h003: authentication failed (user root, keys: " + wrong + ")");
    }

    @Test
    void anEncryptedKeyNeedsItsPassphrase() throws Exception {
        Path key = tmp.resolve("encrypted_key");
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "open sesame", "-f", key.toString());
        try (SshConnection root = connector.connect(target("h003", "root"))) {
            root.exec("cat >> /root/.ssh/authorized_keys", Files.readAllBytes(Path.of(key + ".pub")));
        }
        SshTarget t = target("h003", "root").withIdentityFiles(List.of(key));
        assertThatThrownBy(() -> new SshConnector(knownHosts, null).connect(t))
                .hasMessage("h003: private key " + key + " is encrypted; set OPSCTL_KEY_PASSPHRASE to its passphrase");
        assertThatThrownBy(() -> new SshConnector(knownHosts, "wrong").connect(t))
                .hasMessageStartingWith("h003: cannot decrypt private key " + key);
        try (SshConnection c = new SshConnector(knownHosts, "open sesame").connect(t)) {
            assertThat(c.exec("hostname").out()).isEqualTo("h003\n");
        }
    }

    @Test
    void passwordAuthenticationWorks() throws Exception {
        SshTarget t = target("h003", "opspass").withIdentityFiles(List.of()).withPassword(Fleet.OPSPASS_PASSWORD);
        try (SshConnection c = connector.connect(t)) {
            assertThat(c.exec("id -un").out()).isEqualTo("opspass\n");
        }
        assertThatThrownBy(() -> connector.connect(t.withPassword("not it")))
                .hasMessageStartingWith("h003: authentication failed (user opspass")
                .hasMessageNotContaining("not it");
    }

    @Test
    void aStoppedHostIsUnreachableQuickly() throws Exception {
        FleetHost h = fleet.host("h004");
        fleet.stop(h);
        Instant t0 = Instant.now();
        assertThatThrownBy(() -> connector.connect(target("h004", "root")))
                .isInstanceOf(TransportException.class)
                .hasMessage("h004: unreachable: connection refused (127.0.0.1:" + h.port() + ")");
        assertThat(Duration.between(t0, Instant.now())).as("3 tries, 0.8 s of pauses").isLessThan(Duration.ofSeconds(3));
        fleet.start(h);
        try (SshConnection c = connector.connect(target("h004", "root"))) {
            assertThat(c.exec("hostname").out()).isEqualTo("h004\n");
        }
    }

    @Test
    void stoppingAHostBreaksAnOpenConnection() throws Exception {
        FleetHost h = fleet.host("h004");
        SshConnection c = connector.connect(target("h004", "root"));
        try (c) {
            fleet.stop(h);
            assertThatThrownBy(() -> c.exec("hostname")).isInstanceOf(TransportException.class).hasMessageStartingWith("h004: ");
        } finally {
            fleet.start(h);
        }
    }

    @Test
    void jumpHostTunnelsToTheTarget() throws Exception {
        SshTarget t = target("h002", "root").withJump(target("h001", "root"));
        try (SshConnection c = connector.connect(t)) {
            assertThat(c.exec("hostname").out()).isEqualTo("h002\n");
            assertThat(c.exec("echo \"$SSH_CLIENT\" | cut -d' ' -f1").out()).isEqualTo("127.0.0.1\n");
        }
    }

    @Test
    void rebootOverSshDropsTheSessionAndRenewsTheBootId() throws Exception {
        FleetHost h = fleet.host("h006");
        String bootBefore;
        try (SshConnection c = connector.connect(target("h006", "root"))) {
            bootBefore = c.exec("cat /proc/sys/kernel/random/boot_id").out().strip();
            assertThat(bootBefore).isEqualTo(fleet.bootId(h));
            try {
                c.exec("reboot");
            } catch (TransportException droppedAlready) {
                // The harness may kill the host before the exit status comes back, as a real reboot can.
            }
            Instant deadline = Instant.now().plusSeconds(10);
            while (c.isOpen() && Instant.now().isBefore(deadline)) Thread.sleep(50);
            assertThat(c.isOpen()).as("session dropped").isFalse();
            assertThatThrownBy(() -> c.exec("true")).isInstanceOf(TransportException.class);
        }
        String bootAfter = null;
        Instant deadline = Instant.now().plusSeconds(20);
        while (bootAfter == null && Instant.now().isBefore(deadline)) {
            try (SshConnection c = connector.connect(target("h006", "root"))) {
                bootAfter = c.exec("cat /proc/sys/kernel/random/boot_id").out().strip();
            } catch (TransportException stillDown) {
                Thread.sleep(200);
            }
        }
        assertThat(bootAfter).isNotNull().isNotEqualTo(bootBefore).isEqualTo(fleet.bootId(h));
    }

    /** The host key's fingerprint as ssh-keygen prints it, from the key the harness gave the host. */
    static String hostKeyFingerprint(String host) throws Exception {
        String line = run("ssh-keygen", "-l", "-f", fleet.host(host).dir().resolve("hostkey.pub").toString());
        return line.split(" ")[1];
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
