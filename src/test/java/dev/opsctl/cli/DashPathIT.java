package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code opsctl plan -e p=-delete} on a recursive file task, as a user whose home is the session's working directory:
 * the recursive fact query once ran {@code find -delete ...} and emptied the home, authorized_keys included. The plan
 * must leave the home as it was and plan exactly what it plans for a directory literally named {@code -delete}.
 */
@FleetHosts(1)
class DashPathIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void aPathThatLooksLikeAnOptionIsADirectoryOfThatName() throws Exception {
        FleetHost h = fleet.host("h001");
        Path home = fleet.path(h, "/home/opsuser");
        Files.writeString(home.resolve("canary"), "still here\n");
        Path pb = tmp.resolve("pb.yml");
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: tree
                      file: {path: "{{ p }}", state: directory, recurse: yes, mode: "0755"}
                """);
        Path inv = tmp.resolve("inventory.ini");
        Files.writeString(inv, h.name() + " ansible_host=127.0.0.1 ansible_port=" + h.port() + " ansible_user=opsuser ansible_ssh_private_key_file="
                + fleet.clientKey() + "\n");
        List<String> before = listing(home);

        CliRun absent = CliRun.onFleet(fleet, "plan", pb, inv, "-e", "p=-delete", "--detailed-exitcode");
        assertThat(absent.exitCode()).as(absent.out() + absent.err()).isEqualTo(2);
        assertThat(absent.out()).contains("+ tree: directory -delete").contains("Plan: 1 to create");
        assertThat(listing(home)).as("the plan left the home as it was").isEqualTo(before);
        CliRun print = CliRun.onFleet(fleet, "plan", pb, inv, "-e", "p=-print", "--detailed-exitcode");
        assertThat(print.exitCode()).as(print.out() + print.err()).isEqualTo(2);
        assertThat(print.out() + print.err()).contains("+ tree: directory -print").doesNotContain("internal error");

        // With a directory of that name holding a private file, the plan is the same as for any other name.
        Path dashed = Files.createDirectory(home.resolve("-delete"));
        Path inner = Files.writeString(dashed.resolve("inner"), "x\n");
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rw-------"));
        Path plain = Files.createDirectory(home.resolve("plain"));
        Files.setPosixFilePermissions(Files.writeString(plain.resolve("inner"), "x\n"), PosixFilePermissions.fromString("rw-------"));
        ownedByOpsuser(home);
        before = listing(home);
        CliRun dash = CliRun.onFleet(fleet, "plan", pb, inv, "-e", "p=-delete");
        CliRun named = CliRun.onFleet(fleet, "plan", pb, inv, "-e", "p=plain");
        assertThat(dash.out()).contains("mode of 1 entry below -> 0755");
        assertThat(dash.out().replace("-delete", "plain")).isEqualTo(named.out());
        assertThat(listing(home)).isEqualTo(before);

        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv, "-e", "p=-delete");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inner))).isEqualTo("rwxr-xr-x");
        assertThat(home.resolve("canary")).hasContent("still here");
        assertThat(home.resolve(".ssh/authorized_keys")).exists();
        assertThat(CliRun.onFleet(fleet, "plan", pb, inv, "-e", "p=-delete").out()).contains("No changes.");
    }

    /** Every path below {@code dir} with its mode. */
    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.map(p -> {
                try {
                    return dir.relativize(p) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, java.nio.file.LinkOption.NOFOLLOW_LINKS));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    private static void ownedByOpsuser(Path home) throws Exception {
        Object uid = Files.getAttribute(home, "unix:uid");
        Object gid = Files.getAttribute(home, "unix:gid");
        try (Stream<Path> all = Files.walk(home)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Files.setAttribute(p, "unix:uid", uid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", gid, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
