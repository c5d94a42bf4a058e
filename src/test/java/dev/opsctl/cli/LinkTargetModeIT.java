package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.fleet.FleetHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file state=link with mode/owner (as the apache role enables its modules), side by side with ansible-playbook:
 * opsctl on h001, Ansible on h002; links and their targets end the same, opsctl then plans no change on either host,
 * and Ansible changes nothing on opsctl's.
 */
@FleetHosts(2)
class LinkTargetModeIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** The entry itself, never followed: through its directory, since Fleet.path refuses an absolute link. */
    private static Path entry(FleetHost h, String path) throws IOException {
        Path abs = Path.of(path);
        return fleet.path(h, abs.getParent().toString()).resolve(abs.getFileName().toString());
    }

    private static String state(FleetHost h, String path) throws IOException {
        Path p = entry(h, path);
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String kind = a.isSymbolicLink() ? "link -> " + Files.readSymbolicLink(p) : a.isDirectory() ? "directory" : "file";
        return kind + " " + PosixFilePermissions.toString(a.permissions()) + " " + a.owner().getName() + ":" + a.group().getName();
    }

    /** Run first on both hosts: targets whose mode the links' tasks then change. */
    private static final String SETUP = """
            - hosts: all
              tasks:
                - file: {path: /srv/mods-available, state: directory}
                - file: {path: /srv/mods-enabled, state: directory}
                - copy: {content: "LoadModule a\\n", dest: "/srv/mods-available/{{ item }}.load", mode: "0600"}
                  loop: [rewrite, ssl, headers]
            """;

    private static final String LINKS = """
            - hosts: all
              tasks:
                - name: enable with a mode, as the apache role does
                  file: {src: "/srv/mods-available/{{ item }}.load", dest: "/srv/mods-enabled/{{ item }}.load", state: link, mode: 0644}
                  loop: [rewrite, ssl]
                - name: relative link with an owner
                  file: {src: ../mods-available/headers.load, dest: /srv/mods-enabled/headers.load, state: link, owner: nobody}
                - name: dangling link with a mode
                  file: {src: /srv/mods-available/missing.load, dest: /srv/mods-enabled/missing.load, state: link, force: yes, mode: "0644"}
            """;

    @Test
    void theModeGoesToTheTargetAsWithAnsible() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        FleetHost theirs = twins.theirs();
        CliRun prepared = twins.opsctl("apply", twins.write("setup.yml", SETUP), "all");
        assertThat(prepared.exitCode()).as(prepared.out() + prepared.err()).isZero();
        Path pb = twins.write("links.yml", LINKS);
        twins.applyOnBoth(pb);
        for (String name : List.of("rewrite", "ssl", "headers", "missing")) {
            for (String dir : List.of("/srv/mods-available/", "/srv/mods-enabled/")) {
                String f = dir + name + ".load";
                boolean exists = Files.exists(entry(ours, f), LinkOption.NOFOLLOW_LINKS);
                assertThat(exists).as(f).isEqualTo(Files.exists(entry(theirs, f), LinkOption.NOFOLLOW_LINKS));
                if (exists) assertThat(state(ours, f)).as(f).isEqualTo(state(theirs, f));
            }
        }
        assertThat(state(ours, "/srv/mods-available/ssl.load")).isEqualTo("file rw-r--r-- root:root");
        assertThat(state(ours, "/srv/mods-available/headers.load")).isEqualTo("file rw------- nobody:root");
        twins.settled(pb);
    }
}
