package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -c local} and the play keyword {@code connection: local} run a play's tasks on the controller, as
 * ansible-playbook 2.14 does (checked side by side): for each host the operator named, and only those; nothing goes
 * to the hosts over SSH. The host's own {@code ansible_connection} wins over the keyword, which wins over {@code -c}.
 * Each fleet host has its own /tmp, so a file under the controller's temporary directory exists on the controller
 * only when the task ran there.
 */
@FleetHosts(2)
class ConnectionLocalIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path playbook(String connectionLine) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path p = tmp.resolve("site.yml");
        Files.writeString(p, "- hosts: all\n  gather_facts: false\n" + connectionLine + "  tasks:\n"
                + "    - copy:\n        dest: \"{{ out_dir | default('" + out + "') }}/{{ inventory_hostname }}\"\n"
                + "        content: \"{{ inventory_hostname }}\\n\"\n");
        return p;
    }

    @Test
    void dashCLocalRunsOnTheControllerForTheNamedHostsOnly() throws Exception {
        Path inv = tmp.resolve("hosts.yml");
        fleet.inventory(inv);
        FleetHost h1 = fleet.hosts().get(0);
        FleetHost h2 = fleet.hosts().get(1);
        Path out = tmp.resolve("out");

        CliRun r = CliRun.onFleet(fleet, "apply", playbook(""), inv, "-c", "local", "--limit", h1.name());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(out.resolve(h1.name())).as("ran on the controller").hasContent(h1.name());
        assertThat(out.resolve(h2.name())).as("a host not named is not run, not even locally").doesNotExist();
        assertThat(Files.exists(fleet.path(h1, out.resolve(h1.name()).toString()))).as("nothing reached the host").isFalse();
    }

    @Test
    void thePlayKeywordRunsLocallyButAHostsOwnAnsibleConnectionWins() throws Exception {
        FleetHost h1 = fleet.hosts().get(0);
        FleetHost h2 = fleet.hosts().get(1);
        Path inv = tmp.resolve("hosts.yml");
        fleet.inventory(inv);
        // h002 says ansible_connection: ssh itself: as in Ansible, that beats the play's connection: local.
        String yaml = Files.readString(inv).replace("    " + h2.name() + ":\n",
                "    " + h2.name() + ":\n      ansible_connection: ssh\n      out_dir: /root\n");
        Files.writeString(inv, yaml);
        Path out = tmp.resolve("out");

        CliRun r = CliRun.onFleet(fleet, "apply", playbook("  connection: local\n"), inv);
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(out.resolve(h1.name())).as("h001 ran on the controller").hasContent(h1.name());
        assertThat(Files.exists(fleet.path(h1, out.resolve(h1.name()).toString()))).isFalse();
        assertThat(fleet.path(h2, "/root/" + h2.name())).as("h002 ran over SSH on the host").hasContent(h2.name());
        assertThat(out.resolve(h2.name())).doesNotExist();
    }

    @Test
    void anUnknownConnectionIsBadInputBeforeAnyHostIsReached() throws Exception {
        Path inv = tmp.resolve("hosts.yml");
        fleet.inventory(inv);
        Path out = tmp.resolve("out");

        CliRun flag = CliRun.onFleet(fleet, "apply", playbook(""), inv, "-c", "winrm");
        assertThat(flag.exitCode()).isEqualTo(3);
        assertThat(flag.err()).contains("--connection: 'winrm' is not supported (use ssh or local)");

        CliRun keyword = CliRun.onFleet(fleet, "apply", playbook("  connection: winrm\n"), inv);
        assertThat(keyword.exitCode()).isEqualTo(3);
        assertThat(keyword.err()).contains("site.yml:3").contains("connection: 'winrm' is not supported (use ssh or local)");
        assertThat(out).isEmptyDirectory();
        for (FleetHost h : fleet.hosts()) assertThat(Files.exists(fleet.path(h, out.resolve(h.name()).toString()))).isFalse();
    }
}
