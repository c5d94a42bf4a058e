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
        TwinHosts twins = new TwinHosts(fleet, tmp);
        Path oursDir = Files.createDirectories(tmp.resolve("ours"));
        Path theirsDir = Files.createDirectories(tmp.resolve("theirs"));
        Path ours = twins.write("ours.yml", FETCH.formatted(oursDir));
        Path theirs = twins.write("theirs.yml", FETCH.formatted(theirsDir));

        CliRun plan = twins.opsctl("plan", ours, "h001");
        assertThat(plan.out()).contains("fetch /etc/opsctl-fetch.conf -> " + oursDir.resolve("h001/etc/opsctl-fetch.conf"));
        assertThat(oursDir.resolve("h001")).doesNotExist();

        CliRun apply = twins.opsctl("apply", ours, "h001");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        AnsibleSideBySide.Result twin = twins.ansible(theirs, "h002");
        assertThat(twin.exitCode()).as(twin.output()).isZero();
        assertThat(tree(oursDir)).isEqualTo(tree(theirsDir)).hasSize(2);
        assertThat(Files.readString(oursDir.resolve("h001/etc/opsctl-fetch.conf"))).isEqualTo("served by h001\n");
        TwinHosts.noTempFilesUnder(oursDir);
        twins.settled(ours, List.of(twins.ours()));

        Path missing = twins.write("missing.yml", """
                - hosts: all
                  tasks:
                    - fetch: {src: /etc/not-there, dest: %s}
                """.formatted(oursDir));
        CliRun failed = twins.opsctl("apply", missing, "h001");
        assertThat(failed.exitCode()).as(failed.out()).isEqualTo(2);
        assertThat(failed.out()).contains("the remote file does not exist, not transferring, ignored");
    }
}
