package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * setype/seuser/serole/selevel side by side with ansible-playbook on hosts without SELinux: both ignore them and the
 * files end the same. On a host whose {@code selinuxenabled} says SELinux is on, opsctl fails those tasks, saying so,
 * and writes nothing.
 */
@FleetHosts(2)
class SelinuxArgumentsIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final String FILES = """
            - hosts: all
              tasks:
                - file: {path: /srv/web, state: directory, setype: httpd_sys_content_t, selevel: s0}
                - copy: {content: "<h1>hi</h1>\\n", dest: /srv/web/index.html, seuser: system_u, serole: object_r, setype: httpd_sys_content_t}
                - lineinfile: {path: /srv/web/robots.txt, line: "# {{ inventory_hostname | length }}", create: yes, setype: httpd_sys_content_t}
            """;

    @Test
    void ignoredWithoutSelinuxAsAnsibleIgnoresThemAndAnErrorWhereItIsOn() throws Exception {
        TwinHosts twins = new TwinHosts(fleet, tmp);
        FleetHost ours = twins.ours();
        Path pb = twins.write("files.yml", FILES);
        twins.applyOnBoth(pb);
        for (String f : List.of("/srv/web", "/srv/web/index.html", "/srv/web/robots.txt")) {
            assertThat(twins.mode(ours, f)).as(f).isEqualTo(twins.mode(twins.theirs(), f));
        }
        assertThat(twins.read(ours, "/srv/web/index.html")).isEqualTo("<h1>hi</h1>\n").isEqualTo(twins.read(twins.theirs(), "/srv/web/index.html"));
        assertThat(twins.read(ours, "/srv/web/robots.txt")).isEqualTo("# 4\n").isEqualTo(twins.read(twins.theirs(), "/srv/web/robots.txt"));
        twins.settled(pb);

        Path enable = twins.write("enable.yml", """
                - hosts: all
                  tasks:
                    - copy: {dest: /usr/local/sbin/selinuxenabled, content: "#!/bin/sh\\nexit 0\\n", mode: "0755"}
                """);
        assertThat(twins.opsctl("apply", enable, ours.name()).exitCode()).isZero();
        Path more = twins.write("more.yml", FILES.replace("/srv/web", "/srv/site"));
        CliRun refused = twins.opsctl("apply", more, ours.name());
        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).contains("setype, selevel: SELinux is enabled on this host and opsctl does not set SELinux contexts");
        assertThat(fleet.path(ours, "/srv/site")).doesNotExist();
    }
}
