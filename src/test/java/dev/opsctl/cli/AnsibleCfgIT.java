package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ansible.cfg's connection and become settings, run with the packaged opsctl from a directory holding the file (as
 * an operator runs it): what reaches the host is asserted on the host (which user ran, as whom after become), and the
 * precedence is Ansible's (command line, then inventory variables for their host, then ansible.cfg, then defaults).
 */
@FleetHosts(3)
class AnsibleCfgIT {
    private static Fleet fleet;

    @TempDir
    Path dir;

    /** h001 and h002 without a user or key; h002's inventory names root, which beats ansible.cfg. */
    private void setUp(String cfg) throws Exception {
        Files.writeString(dir.resolve("ansible.cfg"), cfg);
        Files.copy(fleet.clientKey(), dir.resolve("client_key"));
        Files.setPosixFilePermissions(dir.resolve("client_key"), PosixFilePermissions.fromString("rw-------"));
        FleetHost h1 = fleet.host("h001");
        FleetHost h2 = fleet.host("h002");
        Files.writeString(dir.resolve("hosts.yml"), """
                all:
                  hosts:
                    h001: {ansible_host: 127.0.0.1, ansible_port: %d}
                    h002: {ansible_host: 127.0.0.1, ansible_port: %d, ansible_user: root}
                """.formatted(h1.port(), h2.port()));
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: who ran
                      shell: id -un > /var/tmp/cfg-{{ run }}-$(hostname)
                """);
    }

    /** Each run writes its own file ({@code -e run=RUN}): one user cannot overwrite another's in /var/tmp. */
    private JarRun opsctl(String run, String... args) throws Exception {
        return withKnownHosts(run, fleet.knownHosts(), args);
    }

    private JarRun withKnownHosts(String run, Path knownHosts, String... args) throws Exception {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        all.addAll(java.util.List.of("-i", "hosts.yml", "--known-hosts", knownHosts.toString(), "-e", "run=" + run));
        return JarRun.of(dir, Map.of(), all.toArray(String[]::new));
    }

    private static Path written(FleetHost h, String run) throws Exception {
        return fleet.path(h, "/var/tmp/cfg-" + run + "-" + h.name());
    }

    private static String who(FleetHost h, String run) throws Exception {
        return Files.readString(written(h, run)).strip();
    }

    @Test
    void remoteUserAndPrivateKeyFileComeFromAnsibleCfgUnlessInventoryOrCommandLineSayOtherwise() throws Exception {
        setUp("[defaults]\nremote_user = opsuser\nprivate_key_file = client_key\n");
        JarRun r = opsctl("user1", "apply", "site.yml", "-l", "h001,h002");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(who(fleet.host("h001"), "user1")).isEqualTo("opsuser");
        assertThat(who(fleet.host("h002"), "user1")).isEqualTo("root");

        JarRun cli = opsctl("user2", "apply", "site.yml", "-l", "h001", "-u", "opspass");
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(who(fleet.host("h001"), "user2")).isEqualTo("opspass");
    }

    @Test
    void aWrongPrivateKeyFileInAnsibleCfgIsUsedAndTheCommandLineKeyBeatsIt() throws Exception {
        setUp("[defaults]\nremote_user = root\nprivate_key_file = wrong_key\n");
        Path wrong = dir.resolve("wrong_key");
        Process keygen = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrong.toString()).start();
        assertThat(keygen.waitFor()).isZero();
        JarRun refused = opsctl("key1", "plan", "site.yml", "-l", "h001");
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(4);

        JarRun cli = opsctl("key2", "apply", "site.yml", "-l", "h001", "--private-key", "client_key");
        assertThat(cli.exitCode()).as(cli.out() + cli.err()).isZero();
        assertThat(who(fleet.host("h001"), "key2")).isEqualTo("root");
    }

    @Test
    void timeoutFromAnsibleCfgBoundsTheHandshakeAndDashTBeatsIt() throws Exception {
        setUp("[defaults]\nremote_user = root\nprivate_key_file = client_key\ntimeout = 3\n");
        // A host that accepts the connection and never says a word.
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Files.writeString(dir.resolve("hosts.yml"), "all:\n  hosts:\n    mute: {ansible_host: 127.0.0.1, ansible_port: "
                    + silent.getLocalPort() + "}\n");
            JarRun cfg = opsctl("t1", "plan", "site.yml");
            assertThat(cfg.exitCode()).as(cfg.out() + cfg.err()).isEqualTo(4);
            assertThat(cfg.out() + cfg.err()).contains("within 3 s");

            JarRun cli = opsctl("t2", "plan", "site.yml", "-T", "2");
            assertThat(cli.exitCode()).isEqualTo(4);
            assertThat(cli.out() + cli.err()).contains("within 2 s").doesNotContain("within 3 s");
        }
    }

    @Test
    void becomeSettingsOfAnsibleCfgReachTheHost() throws Exception {
        setUp("[defaults]\nremote_user = opsuser\nprivate_key_file = client_key\n"
                + "[privilege_escalation]\nbecome = True\nbecome_user = root\nbecome_method = sudo\n");
        JarRun r = opsctl("become1", "apply", "site.yml", "-l", "h001");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(who(fleet.host("h001"), "become1")).isEqualTo("root");

        Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nremote_user = opsuser\nprivate_key_file = client_key\n"
                + "[privilege_escalation]\nbecome = True\nbecome_method = su\n");
        JarRun su = opsctl("become2", "apply", "site.yml", "-l", "h001");
        assertThat(su.exitCode()).isEqualTo(3);
        assertThat(su.err()).contains("become_method").contains("'su' is not supported");
        assertThat(written(fleet.host("h001"), "become2")).doesNotExist();

        Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nremote_user = opsuser\nprivate_key_file = client_key\n"
                + "[privilege_escalation]\nbecome = True\nbecome_ask_pass = True\n");
        JarRun ask = opsctl("become3", "apply", "site.yml", "-l", "h001");
        assertThat(ask.exitCode()).isEqualTo(3);
        assertThat(ask.err()).contains("become_ask_pass").contains("no terminal");
        assertThat(written(fleet.host("h001"), "become3")).doesNotExist();
    }

    @Test
    void hostKeyCheckingFalseAcceptsAnUnknownKeyButRefusesAChangedOne() throws Exception {
        setUp("[defaults]\nremote_user = root\nprivate_key_file = client_key\nhost_key_checking = False\n");
        FleetHost h3 = fleet.host("h003");
        Files.writeString(dir.resolve("hosts.yml"), "all:\n  hosts:\n    h003: {ansible_host: 127.0.0.1, ansible_port: " + h3.port() + "}\n");
        Path known = dir.resolve("known_hosts");
        Files.writeString(known, "");
        JarRun first = withKnownHosts("keys1", known, "apply", "site.yml");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(who(h3, "keys1")).isEqualTo("root");
        assertThat(Files.readString(known)).contains("[127.0.0.1]:" + h3.port());
        assertThat(first.err().split("host_key_checking is False", -1)).hasSize(2);

        // h003 is used by this test alone: its new key would fail every other test's known_hosts.
        fleet.rekey(h3);
        JarRun changed = withKnownHosts("keys2", known, "apply", "site.yml");
        assertThat(changed.exitCode()).as(changed.out() + changed.err()).isEqualTo(4);
        assertThat(changed.out() + changed.err()).containsIgnoringCase("changed");
        assertThat(written(h3, "keys2")).doesNotExist();
    }
}
