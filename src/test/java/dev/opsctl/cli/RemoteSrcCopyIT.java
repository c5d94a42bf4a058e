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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
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
    private static FleetHost ours;
    private static FleetHost theirs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startFleet() throws Exception {
        ours = fleet.host("h001");
        theirs = fleet.host("h002");
    }

    private Path inventory() throws IOException {
        Path inv = tmp.resolve("inventory.yml");
        if (!Files.exists(inv)) fleet.inventory(inv);
        return inv;
    }

    private CliRun opsctl(String command, Path playbook, String limit, String... more) throws Exception {
        String[] args = Stream.concat(Stream.of("-l", limit), Stream.of(more)).toArray(String[]::new);
        return CliRun.onFleet(fleet, command, playbook, inventory(), args);
    }

    private AnsibleSideBySide.Result ansible(Path playbook, String limit) throws Exception {
        return AnsibleSideBySide.configure(tmp, fleet).run(playbook, inventory(), limit);
    }

    private Path write(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

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
        for (String release : List.of("release 1", "release 2")) {
            Path pb = write("copies.yml", COPIES.formatted(release));
            CliRun apply = opsctl("apply", pb, ours.name());
            assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
            AnsibleSideBySide.Result twin = ansible(pb, theirs.name());
            assertThat(twin.exitCode()).as(twin.output()).isZero();
            for (String f : List.of("/etc/app.conf", "/etc/app-preserved.conf", "/srv/drop/app.conf.dist", "/etc/app-owned.conf")) {
                assertThat(state(ours, f, "/srv/app.conf.dist")).as(release + " " + f).isEqualTo(state(theirs, f, "/srv/app.conf.dist"));
            }
            assertThat(Files.readString(fleet.path(ours, "/etc/owned.registered")))
                    .isEqualTo(Files.readString(fleet.path(theirs, "/etc/owned.registered")));
            for (FleetHost h : fleet.hosts()) {
                CliRun plan = opsctl("plan", pb, h.name(), "--detailed-exitcode");
                assertThat(plan.exitCode()).as(h.name() + ": " + plan.out() + plan.err()).isZero();
                assertThat(plan.out()).contains("No changes.");
            }
            AnsibleSideBySide.Result after = ansible(pb, ours.name());
            assertThat(after.exitCode()).as(after.output()).isZero();
            assertThat(after.changed(ours.name())).as(after.output()).isZero();
        }
        assertThat(state(ours, "/etc/app.conf", "/srv/app.conf.dist")).isEqualTo("release 2\n rw-r--r-- root:root time-of-source=true");
        assertThat(state(ours, "/etc/app-preserved.conf", "/srv/app.conf.dist")).startsWith("release 2\n rw------- root:root");
        try (Stream<Path> etc = Files.list(fleet.path(ours, "/etc"))) {
            assertThat(etc.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".opsctl."));
        }
    }

    @Test
    void aMissingSourceFailsTheTaskOnBothAndWritesNothing() throws Exception {
        Path pb = write("missing.yml", """
                - hosts: all
                  tasks:
                    - copy: {src: /srv/no-such-file, dest: /etc/never.conf, remote_src: yes}
                """);
        CliRun apply = opsctl("apply", pb, ours.name());
        AnsibleSideBySide.Result twin = ansible(pb, theirs.name());
        assertThat(apply.exitCode()).as(apply.out()).isEqualTo(2);
        assertThat(twin.exitCode()).as(twin.output()).isEqualTo(2);
        assertThat(apply.out()).contains("Source /srv/no-such-file not found");
        assertThat(twin.output()).contains("Source /srv/no-such-file not found");
        for (FleetHost h : fleet.hosts()) assertThat(Files.exists(fleet.path(h, "/etc/never.conf"))).isFalse();
    }
}
