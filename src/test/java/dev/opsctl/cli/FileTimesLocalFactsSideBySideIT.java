package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import dev.opsctl.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file's timestamps and follow, and local facts (ansible_local, setup's fact_path), over SSH side by side with
 * ansible-playbook: opsctl applies to h001, Ansible to its twin h002. The links' targets end with the same modes and
 * times, opsctl then plans no change on either host, Ansible run on opsctl's host changes nothing, and both tools
 * read the same local facts (compared as JSON values: the two tools' to_json spacing may differ).
 */
@FleetHosts(2)
class FileTimesLocalFactsSideBySideIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String SETUP = """
            - hosts: all
              gather_facts: no
              tasks:
                - file: {path: /etc/ansible/facts.d, state: directory}
                - copy: {dest: /etc/ansible/facts.d/app.fact, content: "[app]\\nName = web\\nport: 8080\\n[DEFAULT]\\nzone=eu\\n"}
                - copy: {dest: /etc/ansible/facts.d/data.fact, content: '{"list": [1, 2.5], "nested": {"x": true, "n": null}}'}
                - copy: {dest: /etc/ansible/facts.d/run.fact, mode: "0755", content: "#!/bin/sh\\necho '{\\"exec\\": '$((1+1))'}'\\n"}
                - copy: {dest: /etc/ansible/facts.d/broken.fact, content: "no section here\\n"}
                - file: {path: /srv/facts, state: directory}
                - copy: {dest: /srv/facts/other.fact, content: '{"where": "srv"}'}
                - file: {path: /srv/real, state: directory}
                - copy: {dest: /srv/real/f, content: "x\\n"}
                - file: {path: /srv/lf, state: link, src: real/f}
                - file: {path: /srv/ld, state: link, src: real}
                - name: a given mtime, through a link
                  file: {path: /srv/lf, state: file, mode: "0600", modification_time: "202001021530.45"}
                - name: both times of a directory, one in a format of its own
                  file: {path: /srv/ld, state: directory, mode: "0750", access_time: "2021-03-04 05:06:07",
                         access_time_format: "%Y-%m-%d %H:%M:%S", modification_time: "199912312359.59"}
                - name: touch keeps the atime
                  file: {path: /srv/new, state: touch, modification_time: "202202022222.22", access_time: preserve}
                - name: touch with both kept is no change once the file exists
                  file: {path: /srv/real/f, state: touch, modification_time: preserve, access_time: preserve}
            """;

    private static final String REPORT = """
            - hosts: all
              tasks:
                - copy: {dest: /root/local-default.json, content: "{{ ansible_local | to_json }}"}
                - setup: {fact_path: /srv/facts, gather_subset: min}
                  register: custom
                - copy: {dest: /root/local-custom.json, content: "{{ custom.ansible_facts.ansible_local | to_json }}"}
            """;

    private static String times(Path p) throws IOException {
        return ((FileTime) Files.getAttribute(p, "unix:lastModifiedTime")).toMillis() / 1000 + " "
                + ((FileTime) Files.getAttribute(p, "unix:lastAccessTime")).toMillis() / 1000 + " "
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void timesLinksAndLocalFactsEndAsAnsibleLeavesThem() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        FleetHost theirs = twins.theirs();
        Path pb = twins.write("setup.yml", SETUP);
        twins.applyOnBoth(pb);
        assertThat(times(fleet.path(ours, "/srv/real/f"))).startsWith("1577979045 ").endsWith(" rw-------");
        assertThat(times(fleet.path(ours, "/srv/real"))).isEqualTo("946684799 1614834367 rwxr-x---");
        // /srv/real/f's atime is when it was written or read, which differs between two runs.
        assertThat(times(fleet.path(ours, "/srv/real")))
                .isEqualTo(times(fleet.path(theirs, "/srv/real")));
        assertThat(times(fleet.path(ours, "/srv/new")).split(" ")[0]).isEqualTo("1643840542")
                .isEqualTo(times(fleet.path(theirs, "/srv/new")).split(" ")[0]);
        assertThat(Files.isSymbolicLink(fleet.path(ours, "/srv/lf"))).isTrue();
        twins.settled(pb);

        twins.applyOnBoth(twins.write("report.yml", REPORT));
        for (String file : List.of("/root/local-default.json", "/root/local-custom.json")) {
            assertThat(Json.read(Files.readString(fleet.path(ours, file)))).as(file)
                    .isEqualTo(Json.read(Files.readString(fleet.path(theirs, file))));
        }
        assertThat(Json.read(Files.readString(fleet.path(ours, "/root/local-default.json")))).isEqualTo(Map.of(
                "app", Map.of("app", Map.of("name", "web", "port", "8080", "zone", "eu")),
                "broken", "error loading facts as JSON or ini - please check content: /etc/ansible/facts.d/broken.fact",
                "data", Json.read("{\"list\": [1, 2.5], \"nested\": {\"x\": true, \"n\": null}}"),
                "run", Map.of("exec", 2)));
        assertThat(Json.read(Files.readString(fleet.path(ours, "/root/local-custom.json")))).isEqualTo(Map.of("other", Map.of("where", "srv")));
    }
}
