package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.secret.Secrets;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.ExecResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Become through sudo on a real host: opsuser has NOPASSWD sudo, opspass's sudo asks for a password. */
@FleetHosts(1)
class BecomeIT {
    static Fleet fleet;
    static FleetHost host;
    static SshConnector connector;

    @BeforeAll
    static void connectorForFleetKeys() throws Exception {
        host = fleet.hosts().get(0);
        connector = new SshConnector(HostKeys.load(fleet.knownHosts(), false));
    }

    static SshConnection login(String user) throws Exception {
        return connector.connect(SshTarget.of(host.name(), "127.0.0.1", host.port(), user).withIdentityFiles(List.of(fleet.clientKey())));
    }

    @Test
    void opsuserBecomesRootAndWritesARootOwnedFile() throws Exception {
        try (SshConnection c = login("opsuser")) {
            assertThat(c.exec("id -un").out()).isEqualTo("opsuser\n");
            ExecResult r = Become.root().exec(c, "id -un; cat > /root/made-by-become; stat -c %U /root/made-by-become", bytes("payload"));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("root\nroot\n");
        }
        Path made = fleet.path(host, "/root/made-by-become");
        assertThat(Files.readString(made)).isEqualTo("payload");
        assertThat(Files.getAttribute(made, "unix:uid")).isEqualTo(0);
    }

    @Test
    void rootBecomesAnotherUser() throws Exception {
        try (SshConnection c = login("root")) {
            ExecResult r = new Become("opsuser", null).exec(c, "id -un; echo \"$HOME\"", new byte[0]);
            assertThat(r.out()).isEqualTo("opsuser\n/home/opsuser\n");
        }
    }

    @Test
    void withoutPasswordSudoThatAsksForOneFailsInsteadOfHanging() throws Exception {
        try (SshConnection c = login("opspass")) {
            ExecResult r = Become.root().exec(c, "id -un", new byte[0]);
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.err()).contains("password is required");
        }
    }

    @Test
    void aScriptHoldingASecretRunsThroughSudoWithItsStdinIntact() throws Exception {
        Secrets.register("vaulted-s3cret");
        try {
            Become become = new Become("root", Fleet.OPSPASS_PASSWORD);
            try (SshConnection c = login("opspass")) {
                for (int run = 0; run < 2; run++) {
                    // The first run sudo asks for the password; the second it may have cached it (the other branch of the wrapper).
                    ExecResult r = become.exec(c, "id -un; printf '%s\\n' vaulted-s3cret; cat", bytes("after the script\n"));
                    assertThat(r.exitCode()).as(r.err()).isZero();
                    assertThat(r.out()).isEqualTo("root\nvaulted-s3cret\nafter the script\n");
                }
            }
        } finally {
            Secrets.reset();
        }
    }

    @Test
    void aSudoPasswordGoesOverStdinAndTheCallersStdinFollowsIntact() throws Exception {
        Become become = new Become("root", Fleet.OPSPASS_PASSWORD);
        try (SshConnection c = login("opspass")) {
            ExecResult r = become.exec(c, "id -un; cat; touch /root/made-with-password", bytes("line one\nline two\n"));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("root\nline one\nline two\n");
            assertThat(r.out() + r.err()).doesNotContain(Fleet.OPSPASS_PASSWORD);
            // sudo may now have cached the credentials and not ask: either way the password line must not reach the script.
            ExecResult cached = become.exec(c, "cat", bytes("only this"));
            assertThat(cached.out()).isEqualTo("only this");
        }
        assertThat(Files.getAttribute(fleet.path(host, "/root/made-with-password"), "unix:uid")).isEqualTo(0);
        assertThat(become.toString()).doesNotContain(Fleet.OPSPASS_PASSWORD);
        assertThat(become.wrap("id")).doesNotContain(Fleet.OPSPASS_PASSWORD);
    }

    @Test
    void aPasswordGivenForNopasswdSudoIsNotFedToTheScript() throws Exception {
        try (SshConnection c = login("opsuser")) {
            ExecResult r = new Become("root", "unused-password").exec(c, "id -un; cat", bytes("data\n"));
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("root\ndata\n");
        }
    }

    @Test
    void aWrongSudoPasswordFailsWithoutRunningTheScriptOrPrintingThePassword() throws Exception {
        try (SshConnection c = login("opspass")) {
            c.exec("sudo -k");
            ExecResult r = new Become("root", "wrong-password-123").exec(c, "touch /root/must-not-exist", bytes("a\nb\n"));
            assertThat(r.exitCode()).isNotZero();
            assertThat(r.out() + r.err()).doesNotContain("wrong-password-123");
        }
        assertThat(Files.exists(fleet.path(host, "/root/must-not-exist"))).isFalse();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
