package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The role-based example ({@code examples/roles}) on real sshd hosts: roles with a dependency, a looped
 * include, an include named from facts, a block, handlers from a role, a deploy user with its key and cron job,
 * and a run_once task delegated to the controller; a second apply changes nothing, and a changed template
 * variable plans exactly one update and its handler.
 */
@FleetHosts(3)
class RolesIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static CliRun cli(String command, Path playbook, Path inventory, String... more) {
        return CliRun.onFleet(fleet, command, playbook, inventory, more);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(target);
                else Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void theRoleExampleConvergesThenPlansOneUpdateAndItsHandler() throws Exception {
        Path example = tmp.resolve("example");
        copyTree(Path.of("examples/roles"), example);
        Path pb = example.resolve("site.yml");
        String key = Files.readString(example.resolve("roles/deploy/files/deploy.pub")).strip();
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path report = tmp.resolve("hosts.txt");
        String reportVar = "controller_report=" + report;

        CliRun apply = cli("apply", pb, inv, "-e", reportVar);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/webapp/banner"))).isEqualTo("Managed by opsctl\n");
            // role params (workers 4) over role defaults, role vars (user) over defaults
            assertThat(Files.readString(fleet.path(h, "/srv/webapp/webapp.conf")))
                    .isEqualTo("# webapp configuration\nlisten 8080\nworkers 4\nuser www-data\nsite main\nsite admin\n");
            for (String site : new String[] {"main", "admin"}) {
                assertThat(Files.readString(fleet.path(h, "/srv/webapp/sites/" + site + "/index.html"))).isEqualTo("<h1>It works</h1>\n");
            }
            // an include named from the host's facts (these hosts are Debian)
            assertThat(Files.readString(fleet.path(h, "/srv/webapp/default"))).isEqualTo("WEBAPP_ROOT=/srv/webapp\n");
            assertThat(fleet.path(h, "/srv/webapp/sysconfig")).doesNotExist();
            assertThat(fleet.path(h, "/srv/webapp/FAILED")).doesNotExist();
            // the service, from the role's init script, running and started at boot
            Path pid = fleet.path(h, "/run/webapp.pid");
            assertThat(Files.exists(pid) && Files.exists(Path.of("/proc", Files.readString(pid).strip()))).as("webapp runs on " + h.name()).isTrue();
            try (Stream<Path> links = Files.list(fleet.path(h, "/etc/rc2.d"))) {
                assertThat(links.map(l -> l.getFileName().toString())).anyMatch(n -> n.matches("S\\d\\dwebapp"));
            }
            // the deploy role: a user, its key, its cron job
            assertThat(Files.readAllLines(fleet.path(h, "/etc/passwd"))).anyMatch(l -> l.startsWith("deploy:") && l.endsWith(":/srv/deploy:/bin/sh"));
            assertThat(Files.readString(fleet.path(h, "/srv/deploy/.ssh/authorized_keys"))).isEqualTo(key + "\n");
            assertThat(Files.readString(fleet.path(h, "/var/spool/cron/crontabs/deploy"))).contains("#Ansible: webapp cleanup\n"
                    + "15 3 * * * find /srv/deploy -maxdepth 1 -name 'release-*' -mtime +7 -exec rm -rf {} +\n");
        }
        // the config changed, so its handler restarted the service, once per host
        assertThat(apply.out().split("webapp : reload webapp \\(handler\\): service webapp", -1)).hasSize(4);
        // run_once + delegate_to localhost: written once, on the controller, listing every host
        assertThat(Files.readString(report)).isEqualTo("h001,h002,h003\n");

        CliRun again = cli("apply", pb, inv, "-e", reportVar);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=\\d+\\s+changed=0");
        assertThat(again.out()).doesNotContain("reload webapp");

        CliRun plan = cli("plan", pb, inv, "-e", reportVar, "-e", "webapp_port=9090", "--diff", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("~ webapp : Web config: file /srv/webapp/webapp.conf", "-listen 8080", "+listen 9090")
                .contains("~ webapp : reload webapp (handler): service webapp")
                .doesNotContain("Debian defaults file")
                // per host exactly the config and its handler; the controller's report is unchanged
                .contains("Plan: 0 to create, 6 to update, 0 to delete, 0 to run, on 3 hosts (0 unchanged).");
    }
}
