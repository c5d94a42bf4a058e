package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * opsctl plan and apply over SSH against a fleet of real sshd hosts, through the command line. The whole-fleet
 * test runs first: later tests stop, kill or re-key single hosts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@FleetHosts(20)
class FleetRunIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path inventory(String extraHostLines) throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        if (!extraHostLines.isEmpty()) Files.writeString(inv, extraHostLines, StandardOpenOption.APPEND);
        return inv;
    }

    private Path playbook(String yaml) throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, yaml);
        return pb;
    }

    private Path knownHostsCopy() throws Exception {
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return kh;
    }

    private static final String FILES_PLAYBOOK = """
            - hosts: all
              tasks:
                - name: app dir
                  file: path=/srv/opsctl-it state=directory mode=0755
                - name: whoami file
                  copy:
                    content: "{{ inventory_hostname }}\\n"
                    dest: /srv/opsctl-it/name
                    mode: "0640"
                - name: setting
                  lineinfile:
                    path: /srv/opsctl-it/settings
                    line: "host={{ inventory_hostname }}"
                    create: true
                - name: link
                  file: src=/srv/opsctl-it/name dest=/srv/opsctl-it/current state=link
            """;

    @Test
    @Order(1)
    void appliesToTwentyHostsThenReportsNoChangesAndFilesStayOnTheirHost() throws Exception {
        Path inv = inventory("");
        Path pb = playbook(FILES_PLAYBOOK);
        String kh = knownHostsCopy().toString();

        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("Plan: 80 to create, 0 to update, 0 to delete, 0 to run, on 20 hosts (0 unchanged).");

        CliRun apply = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", kh);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/opsctl-it/name"))).isEqualTo(h.name() + "\n");
            assertThat(Files.readString(fleet.path(h, "/srv/opsctl-it/settings"))).isEqualTo("host=" + h.name() + "\n");
        }
        assertThat(Path.of("/srv/opsctl-it")).as("nothing lands on the machine itself").doesNotExist();

        CliRun again = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", kh);
        assertThat(again.exitCode()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=4\\s+changed=0");
        CliRun after = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh, "--detailed-exitcode");
        assertThat(after.exitCode()).isZero();
        assertThat(after.out()).contains("No changes.");
    }

    @Test
    void unknownHostKeysAreRefusedUnlessAccepted() throws Exception {
        Path inv = inventory("");
        Path pb = playbook("- hosts: h001:h002\n  tasks:\n    - command: 'true'\n");
        Path empty = tmp.resolve("empty_known_hosts");
        Files.writeString(empty, "");

        CliRun refused = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", empty.toString());
        assertThat(refused.exitCode()).isEqualTo(4);
        assertThat(refused.out()).contains("h001: unreachable: host key not known").contains("--accept-new-host-keys");
        assertThat(Files.readString(empty)).isEmpty();

        CliRun accepted = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", empty.toString(), "--accept-new-host-keys");
        assertThat(accepted.exitCode()).as(accepted.out()).isZero();
        assertThat(Files.readAllLines(empty)).hasSize(2);
    }

    @Test
    void aReKeyedHostIsRefusedWithBothFingerprintsAndOthersFinish() throws Exception {
        FleetHost victim = fleet.host("h003");
        Path kh = knownHostsCopy();
        fleet.rekey(victim);
        Path inv = inventory("");
        Path pb = playbook("- hosts: h002:h003:h004\n  tasks:\n    - copy: content=ok dest=/tmp/rekey-check\n");
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--accept-new-host-keys");
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).containsPattern("h003: unreachable: host key changed for \\[127.0.0.1\\]:\\d+: expected SHA256:\\S+ \\(ssh-ed25519\\), got SHA256:\\S+");
        assertThat(r.out()).containsPattern("h002\\s+: ok=1\\s+changed=1").containsPattern("h004\\s+: ok=1\\s+changed=1");
    }

    @Test
    void aWrongKeyFailsAuthenticationForThatHostOnly() throws Exception {
        Path wrongKey = tmp.resolve("wrong_key");
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", wrongKey.toString()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Path inv = tmp.resolve("inventory.ini");
        StringBuilder ini = new StringBuilder("[fleet]\n");
        for (String name : List.of("h005", "h006")) {
            FleetHost h = fleet.host(name);
            String key = name.equals("h006") ? wrongKey.toString() : fleet.clientKey().toString();
            ini.append(name).append(" ansible_host=127.0.0.1 ansible_port=").append(h.port())
                    .append(" ansible_user=root ansible_ssh_private_key_file=").append(key).append('\n');
        }
        Files.writeString(inv, ini);
        Path pb = playbook("- hosts: fleet\n  tasks:\n    - command: 'true'\n");
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString());
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(r.out()).contains("h006: unreachable: authentication failed (user root");
        assertThat(r.out()).containsPattern("h005\\s+: ok=1\\s+changed=1");
    }

    @Test
    void aStoppedHostIsUnreachableAndAKilledHostConvergesOnTheNextApply() throws Exception {
        FleetHost stopped = fleet.host("h007");
        FleetHost killed = fleet.host("h008");
        Path inv = inventory("");
        Path pb = playbook("""
                - hosts: h007:h008:h009:h010
                  tasks:
                    - file: path=/srv/kill-test state=directory
                    - shell: sleep 4
                      args: {creates: /srv/kill-test/slept}
                    - copy: content=done dest=/srv/kill-test/slept
                """);
        String kh = fleet.knownHosts().toString();
        fleet.stop(stopped);
        try {
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() ->
                    CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", kh));
            Thread.sleep(2500);
            fleet.stop(killed);
            CliRun r = run.get(120, TimeUnit.SECONDS);
            assertThat(r.exitCode()).as(r.out()).isIn(2, 4);
            assertThat(r.out()).contains("h007: unreachable: connection refused");
            assertThat(r.out()).containsPattern("h008\\s+: ok=\\d+\\s+changed=\\d+\\s+unreachable=1");
            assertThat(r.out()).containsPattern("h009\\s+: ok=3\\s+changed=3").containsPattern("h010\\s+: ok=3\\s+changed=3");
        } finally {
            fleet.start(stopped);
            fleet.start(killed);
        }
        CliRun converge = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", kh);
        assertThat(converge.exitCode()).as(converge.out()).isZero();
        assertThat(Files.readString(fleet.path(killed, "/srv/kill-test/slept"))).isEqualTo("done");
        assertThat(Files.readString(fleet.path(stopped, "/srv/kill-test/slept"))).isEqualTo("done");
        assertThat(converge.out()).containsPattern("h009\\s+: ok=3\\s+changed=0");
    }

    @Test
    void becomeWritesARootOwnedFileAsANonRootUser() throws Exception {
        FleetHost h = fleet.host("h011");
        Path inv = tmp.resolve("inventory.ini");
        Files.writeString(inv, "h011 ansible_host=127.0.0.1 ansible_port=" + h.port() + " ansible_user=opsuser ansible_ssh_private_key_file="
                + fleet.clientKey() + "\n");
        Path pb = playbook("""
                - hosts: h011
                  tasks:
                    - name: root-owned file
                      copy:
                        content: "written by {{ ansible_user }} through sudo\\n"
                        dest: /root/opsctl-become
                        owner: root
                        mode: "0600"
                      become: true
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Path file = fleet.path(h, "/root/opsctl-become");
        assertThat(Files.readString(file)).isEqualTo("written by opsuser through sudo\n");
        assertThat(Files.getOwner(file).getName()).isEqualTo("root");
        CliRun again = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", fleet.knownHosts().toString());
        assertThat(again.out()).doesNotContain("root-owned file");
    }

    @Test
    void aKeyHeldOnlyByAnSshAgentAuthenticates() throws Exception {
        FleetHost h = fleet.host("h014");
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path sock = tmp.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString()).redirectErrorStream(true).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(sock); i++) Thread.sleep(50);
            ProcessBuilder add = new ProcessBuilder("ssh-add", fleet.clientKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process adding = add.start();
            assertThat(adding.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(adding.exitValue()).isZero();

            Path inv = tmp.resolve("agent.ini");
            Files.writeString(inv, "h014 ansible_host=127.0.0.1 ansible_port=" + h.port() + " ansible_user=root\n");
            Path pb = playbook("- hosts: h014\n  tasks:\n    - copy: content=agent dest=/srv/agent-auth\n");
            ProcessBuilder opsctl = new ProcessBuilder("bin/opsctl", "apply", pb.toString(), "-i", inv.toString(),
                    "--known-hosts", fleet.knownHosts().toString()).redirectErrorStream(true);
            // No key files anywhere: HOME has no .ssh, the inventory names none; only the agent holds the key.
            opsctl.environment().put("HOME", home.toString());
            opsctl.environment().put("SSH_AUTH_SOCK", sock.toString());
            Process run = opsctl.start();
            run.getOutputStream().close();
            String out = new String(run.getInputStream().readAllBytes());
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(run.exitValue()).as(out).isZero();
            assertThat(Files.readString(fleet.path(h, "/srv/agent-auth"))).isEqualTo("agent");
        } finally {
            agent.destroy();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHostReachableOnlyThroughAJumpHost() throws Exception {
        FleetHost bastion = fleet.host("h012");
        FleetHost inner = fleet.host("h013");
        // Only the bastion can resolve the inner host's name; the controller cannot, so a direct connection fails.
        Files.writeString(fleet.path(bastion, "/etc/hosts"), "127.0.0.1 h013.internal\n", StandardOpenOption.APPEND);
        Path kh = knownHostsCopy();
        String innerKeyLine = Files.readAllLines(fleet.knownHosts()).stream()
                .filter(l -> l.startsWith("[127.0.0.1]:" + inner.port() + " ")).findFirst().orElseThrow();
        Files.writeString(kh, innerKeyLine.replace("[127.0.0.1]", "[h013.internal]") + "\n", StandardOpenOption.APPEND);

        Path pb = playbook("- hosts: h013\n  tasks:\n    - copy: content=\"via {{ via }}\" dest=/srv/jumped\n");
        String common = "ansible_port=" + inner.port() + " ansible_user=root ansible_ssh_private_key_file=" + fleet.clientKey();
        String bastionLine = "h012 ansible_host=127.0.0.1 ansible_port=" + bastion.port() + " ansible_user=root ansible_ssh_private_key_file=" + fleet.clientKey();

        Path direct = tmp.resolve("direct.ini");
        Files.writeString(direct, "h013 ansible_host=h013.internal " + common + " via=none\n");
        CliRun noJump = CliRun.of("apply", pb.toString(), "-i", direct.toString(), "--known-hosts", kh.toString());
        assertThat(noJump.exitCode()).isEqualTo(4);

        Path byVar = tmp.resolve("byvar.ini");
        Files.writeString(byVar, bastionLine + "\nh013 ansible_host=h013.internal " + common + " opsctl_jump_host=h012 via=var\n");
        CliRun r1 = CliRun.of("apply", pb.toString(), "-i", byVar.toString(), "--known-hosts", kh.toString());
        assertThat(r1.exitCode()).as(r1.out()).isZero();
        assertThat(Files.readString(fleet.path(inner, "/srv/jumped"))).isEqualTo("via var");

        Path sshConfig = tmp.resolve("ssh_config");
        Files.writeString(sshConfig, "Host h013.internal\n  ProxyJump root@127.0.0.1:" + bastion.port() + "\n  IdentityFile " + fleet.clientKey()
                + "\nHost 127.0.0.1\n  IdentityFile " + fleet.clientKey() + "\n");
        Path byConfig = tmp.resolve("byconfig.ini");
        Files.writeString(byConfig, "h013 ansible_host=h013.internal ansible_port=" + inner.port() + " ansible_user=root via=config\n");
        CliRun r2 = CliRun.of("apply", pb.toString(), "-i", byConfig.toString(), "--known-hosts", kh.toString(), "--ssh-config", sshConfig.toString());
        assertThat(r2.exitCode()).as(r2.out() + r2.err()).isZero();
        assertThat(Files.readString(fleet.path(inner, "/srv/jumped"))).isEqualTo("via config");
    }
}
