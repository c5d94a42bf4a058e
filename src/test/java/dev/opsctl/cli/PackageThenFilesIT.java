package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package install followed by a file into the directory the package brings, as real roles do (install fail2ban,
 * then template its jail.local): the plan on a fresh host says the file is known after apply, the apply writes it
 * (the package runs in its own exec and the directory is read again after it), and a second plan is a no-op.
 */
@FleetHosts(1)
class PackageThenFilesIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @BeforeAll
    static void serveRepository(@TempDir Path work) throws Exception {
        Path repo = Files.createDirectories(work.resolve("repo"));
        LocalDebRepo.build(work, repo, "opsctl-withdir", Map.of("/etc/opsctl-withdir/README", "shipped by the package\n"));
        LocalDebRepo.serve(fleet, repo);
    }

    private static final String PLAYBOOK = """
            - hosts: all
              tasks:
                - name: the package that brings /etc/opsctl-withdir
                  ansible.builtin.package:
                    name: opsctl-withdir
                    update_cache: yes
                    cache_valid_time: 3600
                - name: our settings in its directory
                  template:
                    src: local.conf.j2
                    dest: /etc/opsctl-withdir/local.conf
                    mode: "0640"
                - name: a line in a file the package does not bring
                  lineinfile:
                    path: /etc/opsctl-withdir/extra.conf
                    line: "extra = {{ inventory_hostname }}"
                    create: yes
            """;

    @Test
    void theFileLandsInTheDirectoryThePackageBroughtAndTheRerunIsANoOp() throws Exception {
        FleetHost h = fleet.hosts().get(0);
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, PLAYBOOK);
        Files.writeString(tmp.resolve("local.conf.j2"), "host = {{ inventory_hostname }}\n");
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        assertThat(Files.exists(fleet.path(h, "/etc/opsctl-withdir"))).isFalse();

        CliRun plan = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("our settings in its directory")
                .contains("Destination directory /etc/opsctl-withdir does not exist now; 'the package that brings /etc/opsctl-withdir' runs first: known after apply");
        assertThat(Files.exists(fleet.path(h, "/etc/opsctl-withdir"))).as("a plan changes nothing").isFalse();

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(fleet.path(h, "/etc/opsctl-withdir/local.conf"))).isEqualTo("host = " + h.name() + "\n");
        assertThat(Files.readString(fleet.path(h, "/etc/opsctl-withdir/extra.conf"))).isEqualTo("extra = " + h.name() + "\n");
        assertThat(Files.readString(fleet.path(h, "/etc/opsctl-withdir/README"))).isEqualTo("shipped by the package\n");

        CliRun again = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes.");
    }
}
