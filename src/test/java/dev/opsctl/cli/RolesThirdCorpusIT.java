package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the third corpus of public roles needed (docs/compatibility.md, "Roles beyond the corpus", "Third corpus (b)"),
 * side by side with ansible-playbook: opsctl applies to h001, Ansible to its twin h002; the files must match, opsctl
 * then plans no change on either host, and Ansible run on opsctl's host changes nothing.
 */
@FleetHosts(2)
class RolesThirdCorpusIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private Path inventory() throws IOException {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        return inv;
    }

    /**
     * rgrep and git-core are pure virtual packages that only grep and git (installed on the fleet's hosts) provide, as
     * rubygems is for ruby; robertdebock's roles skip containers with a when: on ansible_connection.
     */
    private static final String PLAY = """
            - hosts: all
              tasks:
                - name: virtual packages, each provided by one installed package
                  apt: {name: [rgrep, git-core], state: present}
                - name: the same through the package module
                  package: {name: rgrep}
                - name: written where the connection is no container, as robertdebock.hostname decides
                  copy:
                    dest: /srv/roles3b.txt
                    mode: "0644"
                    content: |
                      {{ ansible_connection }} {{ ansible_host is defined }} {{ ansible_ssh_host is defined }} {{ ansible_shell_executable }}
                  when: ansible_connection not in [ "container", "docker", "community.docker.docker" ]
            """;

    @Test
    void virtualPackagesSettleAndTheConnectionVariablesAreDefinedAsInAnsible() throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAY);
        CliRun first = CliRun.onFleet(fleet, "plan", pb, inventory(), "-l", "h001");
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).doesNotContain("install rgrep", "install git-core").contains("/srv/roles3b.txt");

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inventory(), "-l", "h001");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result twin = AnsibleSideBySide.configure(tmp, fleet).run(pb, inventory(), "h002");
        assertThat(twin.exitCode()).as(twin.output()).isZero();

        FleetHost ours = fleet.host("h001");
        String written = Files.readString(fleet.path(ours, "/srv/roles3b.txt"));
        assertThat(written).isEqualTo("ssh True True /bin/sh\n")
                .isEqualTo(Files.readString(fleet.path(fleet.host("h002"), "/srv/roles3b.txt")));
        for (FleetHost h : fleet.hosts()) {
            CliRun plan = CliRun.onFleet(fleet, "plan", pb, inventory(), "-l", h.name(), "--detailed-exitcode");
            assertThat(plan.exitCode()).as(h.name() + ": " + plan.out() + plan.err()).isZero();
            assertThat(plan.out()).contains("No changes.");
        }
        AnsibleSideBySide.Result after = AnsibleSideBySide.configure(tmp, fleet).run(pb, inventory(), "h001");
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(after.changed("h001")).as(after.output()).isZero();
    }
}
