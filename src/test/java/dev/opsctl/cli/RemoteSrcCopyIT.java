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
 * copy with remote_src over SSH, side by side with ansible-playbook (opsctl on h001, Ansible on h002): content, mode,
 * owner and times of the copies end the same, through a first copy and an update of the source; opsctl then plans no
 * change on either host and Ansible changes nothing on opsctl's. A missing source fails the task on both.
 */
@FleetHosts(2)
class RemoteSrcCopyIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    /** Content, mode, owner, group, and whether the modification time equals the source's. */
    private static String state(FleetHost h, String path, String source) throws IOException {
        Path p = fleet.path(h, path);
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean sameTime = a.lastModifiedTime().equals(Files.getLastModifiedTime(fleet.path(h, source)));
        return Files.readString(p) + " " + PosixFilePermissions.toString(a.permissions()) + " " + a.owner().getName() + ":"
                + a.group().getName() + " time-of-source=" + sameTime;
    }

    private static final String COPIES = """
            - hosts: all
              tasks:
                - name: the shipped default
                  copy: {content: "%s\\n", dest: /srv/app.conf.dist, mode: "0600"}
                - name: live copy
                  copy: {src: /srv/app.conf.dist, dest: /etc/app.conf, remote_src: yes}
                - name: copy with the source's mode
                  copy: {src: /srv/app.conf.dist, dest: /etc/app-preserved.conf, remote_src: yes, mode: preserve}
                - name: drop directory
                  file: {path: /srv/drop, state: directory}
                - name: into a directory
                  copy: {src: /srv/app.conf.dist, dest: /srv/drop, remote_src: yes}
                - name: owned copy
                  copy: {src: /srv/app.conf.dist, dest: /etc/app-owned.conf, remote_src: yes, owner: nobody, group: daemon, mode: "0640"}
                  register: owned
                - name: what register says
                  copy: {content: "{{ owned.dest }} {{ owned.src }} {{ owned.checksum }}\\n", dest: /etc/owned.registered}
            """;

    @Test
    void copiesOnTheHostEndAsAnsibleLeavesThem() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        FleetHost theirs = twins.theirs();
        for (String release : List.of("release 1", "release 2")) {
            Path pb = twins.write("copies.yml", COPIES.formatted(release));
            twins.applyOnBoth(pb);
            for (String f : List.of("/etc/app.conf", "/etc/app-preserved.conf", "/srv/drop/app.conf.dist", "/etc/app-owned.conf")) {
                assertThat(state(ours, f, "/srv/app.conf.dist")).as(release + " " + f).isEqualTo(state(theirs, f, "/srv/app.conf.dist"));
            }
            assertThat(Files.readString(fleet.path(ours, "/etc/owned.registered")))
                    .isEqualTo(Files.readString(fleet.path(theirs, "/etc/owned.registered")));
            twins.settled(pb);
        }
        assertThat(state(ours, "/etc/app.conf", "/srv/app.conf.dist")).isEqualTo("release 2\n rw-r--r-- root:root time-of-source=true");
        assertThat(state(ours, "/etc/app-preserved.conf", "/srv/app.conf.dist")).startsWith("release 2\n rw------- root:root");
        twins.noTempFilesIn(ours, "/etc");
    }

    @Test
    void aMissingSourceFailsTheTaskOnBothAndWritesNothing() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path pb = twins.write("missing.yml", """
                - hosts: all
                  tasks:
                    - copy: {src: /srv/no-such-file, dest: /etc/never.conf, remote_src: yes}
                """);
        CliRun apply = twins.opsctl("apply", pb, twins.ours().name());
        AnsibleSideBySide.Result twin = twins.ansible(pb, twins.theirs().name());
        assertThat(apply.exitCode()).as(apply.out()).isEqualTo(2);
        assertThat(twin.exitCode()).as(twin.output()).isEqualTo(2);
        assertThat(apply.out()).contains("Source /srv/no-such-file not found");
        assertThat(twin.output()).contains("Source /srv/no-such-file not found");
        for (FleetHost h : fleet.hosts()) assertThat(Files.exists(fleet.path(h, "/etc/never.conf"))).isFalse();
    }
}
