package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fetch over SSH side by side with ansible-playbook: opsctl fetches from h001 into one directory, Ansible from its
 * twin h002 into another; the trees hold the same files (host names aside) with the same modes, a second plan has no
 * changes, Ansible fetching from h001 into opsctl's directory changes nothing, and a missing source fails the task.
 */
@FleetHosts(2)
class FetchSideBySideIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

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

    private static final String FETCH = """
            - hosts: all
              tasks:
                - copy: {dest: /etc/opsctl-fetch.conf, content: "served by {{ inventory_hostname }}\\n"}
                - fetch: {src: /etc/opsctl-fetch.conf, dest: %1$s}
                - fetch: {src: /etc/os-release, dest: "%1$s/flat/", flat: yes}
                - fetch: {src: /etc/not-there, dest: %1$s, fail_on_missing: no}
                - fetch: {src: /etc/ssh, dest: %1$s, fail_on_missing: no}
            """;

    /** Every file under {@code root}, as "relative/path mode content", host names made alike. */
    private static List<String> tree(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                out.add((root.relativize(p) + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) + " "
                        + Files.readString(p)).replaceAll("h00[12]", "HOST"));
            }
        }
        return out;
    }

    @Test
    void fetchedTreesMatchAnsiblesAndASecondRunChangesNothing() throws Exception {
        Path oursDir = Files.createDirectories(tmp.resolve("ours"));
        Path theirsDir = Files.createDirectories(tmp.resolve("theirs"));
        Path ours = Files.writeString(tmp.resolve("ours.yml"), FETCH.formatted(oursDir));
        Path theirs = Files.writeString(tmp.resolve("theirs.yml"), FETCH.formatted(theirsDir));

        CliRun plan = opsctl("plan", ours, "h001");
        assertThat(plan.out()).contains("fetch /etc/opsctl-fetch.conf -> " + oursDir.resolve("h001/etc/opsctl-fetch.conf"));
        assertThat(oursDir.resolve("h001")).doesNotExist();

        CliRun apply = opsctl("apply", ours, "h001");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result twin = ansible(theirs, "h002");
        assertThat(twin.exitCode()).as(twin.output()).isZero();
        assertThat(tree(oursDir)).isEqualTo(tree(theirsDir)).hasSize(2);
        assertThat(Files.readString(oursDir.resolve("h001/etc/opsctl-fetch.conf"))).isEqualTo("served by h001\n");
        try (Stream<Path> names = Files.walk(oursDir)) {
            assertThat(names.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".opsctl"));
        }

        CliRun again = opsctl("plan", ours, "h001", "--detailed-exitcode");
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).contains("No changes.");
        AnsibleSideBySide.Result after = ansible(ours, "h001");
        assertThat(after.exitCode()).as(after.output()).isZero();
        assertThat(after.changed("h001")).as(after.output()).isZero();

        Path missing = Files.writeString(tmp.resolve("missing.yml"), """
                - hosts: all
                  tasks:
                    - fetch: {src: /etc/not-there, dest: %s}
                """.formatted(oursDir));
        CliRun failed = opsctl("apply", missing, "h001");
        assertThat(failed.exitCode()).as(failed.out()).isEqualTo(2);
        assertThat(failed.out()).contains("the remote file does not exist, not transferring, ignored");
    }
}
