package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every private key file format a user is likely to hold authenticates, now that sshj runs on the JDK's own crypto
 * providers (JdkCrypto) instead of Bouncy Castle's: OpenSSH-format ed25519, ECDSA and RSA keys, a legacy PEM RSA key
 * and a passphrase-protected key, each against a real sshd, whose log must name the key that got in.
 */
@FleetHosts(1)
class KeyFileTypesIT {
    static Fleet fleet;
    static FleetHost host;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void authorise() throws Exception {
        host = fleet.host("h001");
        keygen("ed25519", "-t", "ed25519");
        keygen("ecdsa", "-t", "ecdsa", "-b", "384");
        keygen("rsa", "-t", "rsa", "-b", "2048");
        keygen("rsa-pem", "-t", "rsa", "-b", "2048", "-m", "PEM");
        keygen("ed25519-passphrase", "-t", "ed25519", "-N", "correct horse");
    }

    @ParameterizedTest
    @CsvSource({"ed25519, ED25519", "ecdsa, ECDSA", "rsa, RSA", "rsa-pem, RSA", "ed25519-passphrase, ED25519"})
    void eachKeyFileAuthenticatesWithTheJdksProviders(String name, String logType) throws Exception {
        SshConnector connector = new SshConnector(HostKeys.load(fleet.knownHosts(), false), "correct horse", null, tmp.resolve("no-default-keys"));
        SshTarget target = SshTarget.of(host.name(), "127.0.0.1", host.port(), "root").withIdentityFiles(List.of(key(name)));
        try (SshConnection c = connector.connect(target)) {
            assertThat(c.exec("id -un").out()).isEqualTo("root\n");
        }
        assertThat(Files.readString(host.dir().resolve("sshd.log")))
                .contains("Accepted publickey for root from 127.0.0.1 port ").contains(" ssh2: " + logType + " " + fingerprint(name));
        assertThat(Security.getProvider("BC")).as("Bouncy Castle's JCE provider stays unregistered").isNull();
    }

    private static Path key(String name) {
        return tmp.resolve("id_" + name);
    }

    private static void keygen(String name, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh-keygen", "-q", "-C", name + "@key-file-types-it", "-f", key(name).toString()));
        command.addAll(List.of(options));
        if (!command.contains("-N")) command.addAll(List.of("-N", ""));
        run(command.toArray(String[]::new));
        Files.write(fleet.path(host, "/root/.ssh/authorized_keys"), Files.readAllBytes(Path.of(key(name) + ".pub")), StandardOpenOption.APPEND);
    }

    private static String fingerprint(String name) throws Exception {
        return run("ssh-keygen", "-l", "-f", key(name) + ".pub").split(" ")[1];
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
