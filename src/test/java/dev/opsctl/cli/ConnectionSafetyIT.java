package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a host is reached, and what is said when sudo refuses: an ssh config's ProxyCommand is run as OpenSSH runs it
 * (through a real jump host), and a wrong or missing become password is the host's failure saying so, not
 * "unreachable".
 */
@FleetHosts(2)
class ConnectionSafetyIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void aProxyCommandInTheSshConfigCarriesTheSessionThroughAJumpHost() throws Exception {
        FleetHost bastion = fleet.host("h001");
        FleetHost inner = fleet.host("h002");
        // Only the bastion resolves the inner host's name: a direct connection cannot work, the ProxyCommand's must.
        Files.writeString(fleet.path(bastion, "/etc/hosts"), "127.0.0.1 inner.internal\n", StandardOpenOption.APPEND);
        Path kh = tmp.resolve("known_hosts");
        String innerKey = Files.readAllLines(fleet.knownHosts()).stream()
                .filter(l -> l.startsWith("[127.0.0.1]:" + inner.port() + " ")).findFirst().orElseThrow();
        Files.writeString(kh, Files.readString(fleet.knownHosts()) + innerKey.replace("[127.0.0.1]", "[inner.internal]") + "\n");
        Path ran = tmp.resolve("proxy-ran");
        Path sshConfig = tmp.resolve("ssh_config");
        // %h and %p are the inner host's name and port, as OpenSSH expands them; the command also leaves a trace here.
        Files.writeString(sshConfig, "Host inner.internal\n"
                + "  IdentityFile " + fleet.clientKey() + "\n"
                + "  ProxyCommand sh -c 'echo %h:%p >> " + ran + "; exec ssh -i " + fleet.clientKey() + " -p " + bastion.port()
                + " -o UserKnownHostsFile=" + fleet.knownHosts() + " -o StrictHostKeyChecking=yes -o BatchMode=yes"
                + " root@127.0.0.1 -W %h:%p'\n");
        Path inv = tmp.resolve("inventory.ini");
        Files.writeString(inv, "inner ansible_host=inner.internal ansible_port=" + inner.port() + " ansible_user=root\n");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, "- hosts: inner\n  gather_facts: false\n  tasks:\n    - copy: {content: \"through the bastion\\n\", dest: /srv/proxied}\n");

        CliRun r = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--ssh-config", sshConfig.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(Files.readString(fleet.path(inner, "/srv/proxied"))).isEqualTo("through the bastion\n");
        assertThat(Files.readString(ran)).startsWith("inner.internal:" + inner.port() + "\n");

        // A ProxyCommand that fails says so (and which command), rather than a silent direct connection.
        Files.writeString(sshConfig, "Host inner.internal\n  IdentityFile " + fleet.clientKey() + "\n  ProxyCommand sh -c 'echo no route >&2; exit 3'\n");
        CliRun broken = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "--known-hosts", kh.toString(), "--ssh-config", sshConfig.toString());
        assertThat(broken.exitCode()).isEqualTo(ExitCode.UNREACHABLE);
        assertThat(broken.out() + broken.err()).contains("inner: unreachable").contains("via ProxyCommand sh -c");
    }

    @Test
    void aWrongOrMissingBecomePasswordIsAFailureThatSaysSoNotUnreachable() throws Exception {
        FleetHost h = fleet.host("h001");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, "- hosts: all\n  become: true\n  tasks:\n    - copy: {content: \"x\\n\", dest: /root/become-test}\n");
        String base = h.name() + " ansible_host=127.0.0.1 ansible_port=" + h.port() + " ansible_user=opspass ansible_ssh_private_key_file="
                + fleet.clientKey();

        Path wrong = tmp.resolve("wrong.ini");
        Files.writeString(wrong, base + " ansible_become_password=not-the-password\n");
        CliRun w = CliRun.onFleet(fleet, "apply", pb, wrong);
        assertThat(w.exitCode()).as(w.out() + w.err()).isEqualTo(ExitCode.CHANGES_OR_FAILED);
        assertThat(w.out() + w.err()).contains("incorrect sudo password").doesNotContain("unreachable=1").doesNotContain("not-the-password");

        Path missing = tmp.resolve("missing.ini");
        Files.writeString(missing, base + "\n");
        CliRun m = CliRun.onFleet(fleet, "plan", pb, missing);
        assertThat(m.out() + m.err()).contains("missing sudo password").doesNotContain("returned 0 of");
        assertThat(m.exitCode()).as(m.out() + m.err()).isNotEqualTo(ExitCode.UNREACHABLE);
        assertThat(fleet.path(h, "/root/become-test")).doesNotExist();

        Path right = tmp.resolve("right.ini");
        Files.writeString(right, base + " ansible_become_password=" + Fleet.OPSPASS_PASSWORD + "\n");
        CliRun ok = CliRun.onFleet(fleet, "apply", pb, right);
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(fleet.path(h, "/root/become-test")).hasContent("x");
    }
}
