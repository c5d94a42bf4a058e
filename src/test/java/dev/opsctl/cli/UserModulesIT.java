package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * group, user and authorized_key over SSH against real sshd hosts, through the command line: the accounts and files
 * on the hosts, a no-change rerun, a one-attribute update, a login with the authorised key, and removal.
 */
@FleetHosts(2)
class UserModulesIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String PLAYBOOK = """
            - hosts: all
              tasks:
                - name: deployers group
                  group: {name: deployers, gid: 1700}
                - name: deploy user
                  user:
                    name: deploy
                    uid: 1600
                    group: deployers
                    groups: [users, adm]
                    shell: %s
                    home: /srv/deploy
                    comment: Deploy account
                - name: deploy key
                  authorized_key:
                    user: deploy
                    key: "%s"
            """;

    private static final String REMOVAL = """
            - hosts: all
              tasks:
                - user: {name: deploy, state: absent, remove: yes}
                - group: {name: deployers, state: absent}
            """;

    private CliRun cli(String command, Path playbook, Path inventory, String... more) {
        return CliRun.onFleet(fleet, command, playbook, inventory, more);
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void createsUsersThatLogInThenConvergesUpdatesOneAttributeAndRemoves() throws Exception {
        Path key = tmp.resolve("deploy_key");
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "deploy@it", "-f", key.toString()).start();
        assertThat(kg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String pub = Files.readString(Path.of(key + ".pub")).strip();
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path pb = write("users.yml", PLAYBOOK.formatted("/bin/bash", pub));

        CliRun apply = cli("apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readAllLines(fleet.path(h, "/etc/passwd"))).contains("deploy:x:1600:1700:Deploy account:/srv/deploy:/bin/bash");
            assertThat(Files.readAllLines(fleet.path(h, "/etc/group"))).contains("deployers:x:1700:")
                    .anyMatch(l -> l.matches("users:x:100:(.*,)?deploy(,.*)?")).anyMatch(l -> l.matches("adm:x:4:(.*,)?deploy(,.*)?"));
            Path home = fleet.path(h, "/srv/deploy");
            assertThat(Files.getAttribute(home, "unix:uid")).isEqualTo(1600);
            assertThat(Files.getAttribute(home, "unix:gid")).isEqualTo(1700);
            assertThat(home.resolve(".profile")).as("home made from /etc/skel").exists();
            Path ssh = fleet.path(h, "/srv/deploy/.ssh");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ssh))).isEqualTo("rwx------");
            assertThat(Files.getAttribute(ssh, "unix:uid")).isEqualTo(1600);
            Path keys = fleet.path(h, "/srv/deploy/.ssh/authorized_keys");
            assertThat(Files.readString(keys)).isEqualTo(pub + "\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys))).isEqualTo("rw-------");
            assertThat(Files.getAttribute(keys, "unix:uid")).isEqualTo(1600);
            assertThat(Files.getAttribute(keys, "unix:gid")).isEqualTo(1700);
        }

        CliRun again = cli("apply", pb, inv);
        assertThat(again.exitCode()).as(again.out()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=3\\s+changed=0");

        Path shell = write("shell.yml", PLAYBOOK.formatted("/bin/sh", pub));
        CliRun plan = cli("plan", shell, inv, "-l", "h001", "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("  ~ deploy user: user deploy", "shell /bin/bash -> /bin/sh")
                .contains("Plan: 0 to create, 1 to update, 0 to delete, 0 to run, on 1 host (0 unchanged).");

        // The authorised key logs in as the new user: a second inventory connects as deploy with it.
        StringBuilder asDeploy = new StringBuilder("[fleet]\n");
        for (FleetHost h : fleet.hosts()) {
            asDeploy.append(h.name()).append(" ansible_host=127.0.0.1 ansible_port=").append(h.port())
                    .append(" ansible_user=deploy ansible_ssh_private_key_file=").append(key).append('\n');
        }
        Path deployInv = write("deploy.ini", asDeploy.toString());
        Path login = write("login.yml", "- hosts: fleet\n  tasks:\n    - shell: id -un > /srv/deploy/whoami\n");
        CliRun asUser = cli("apply", login, deployInv);
        assertThat(asUser.exitCode()).as(asUser.out() + asUser.err()).isZero();
        for (FleetHost h : fleet.hosts()) {
            Path whoami = fleet.path(h, "/srv/deploy/whoami");
            assertThat(Files.readString(whoami)).isEqualTo("deploy\n");
            assertThat(Files.getAttribute(whoami, "unix:uid")).isEqualTo(1600);
        }

        Path removal = write("removal.yml", REMOVAL);
        CliRun removed = cli("apply", removal, inv);
        assertThat(removed.exitCode()).as(removed.out() + removed.err()).isZero();
        assertThat(removed.out()).contains("- user: user deploy", "remove home /srv/deploy", "- group: group deployers");
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readAllLines(fleet.path(h, "/etc/passwd"))).noneMatch(l -> l.startsWith("deploy:"));
            assertThat(Files.readAllLines(fleet.path(h, "/etc/group"))).noneMatch(l -> l.startsWith("deployers:") || l.matches(".*[:,]deploy(,.*)?"));
            assertThat(fleet.path(h, "/srv/deploy")).doesNotExist();
        }
        CliRun gone = cli("plan", removal, inv, "--detailed-exitcode");
        assertThat(gone.exitCode()).as(gone.out()).isZero();
        assertThat(gone.out()).contains("No changes.");
    }
}
