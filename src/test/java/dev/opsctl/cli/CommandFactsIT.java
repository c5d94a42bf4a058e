package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a command ran, later tasks see the host as the command left it (read again in the command's own exec), not as
 * planned before it: the same answers Ansible's modules would give, in fewer round trips.
 */
@FleetHosts(2)
class CommandFactsIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void tasksAfterACommandSeeWhatItWroteAndTheRunTakesThreeExecsPerHost() throws Exception {
        Path pb = playbook("""
                - hosts: all
                  tasks:
                    - name: dir
                      file: path=/srv/cmd-it state=directory mode=0755
                    - name: the command writes the file the next tasks manage
                      shell: printf 'written by the command\\n' > /srv/cmd-it/conf
                      args:
                        creates: /srv/cmd-it/conf
                    - name: the same content as the command wrote
                      copy:
                        content: "written by the command\\n"
                        dest: /srv/cmd-it/conf
                    - name: a line in another file
                      lineinfile: path=/srv/cmd-it/other line=extra create=true
                """);
        String[] args = {pb.toString(), "-i", inventory().toString(), "--known-hosts", fleet.knownHosts().toString(), "--stats"};

        CliRun cold = CliRun.of(concat("apply", args));
        assertThat(cold.exitCode()).as(cold.out() + cold.err()).isZero();
        // The copy finds the command's file already right: ok, as with Ansible, where a plan made before the command
        // ran would have written it again.
        for (FleetHost h : fleet.hosts()) {
            assertThat(cold.out()).containsPattern(h.name() + "\\s+: ok=4\\s+changed=3");
            assertThat(Files.readString(fleet.path(h, "/srv/cmd-it/conf"))).isEqualTo("written by the command\n");
            assertThat(Files.readString(fleet.path(h, "/srv/cmd-it/other"))).isEqualTo("extra\n");
        }
        // Facts, then the directory with the command and the facts after it, then the line: three execs per host.
        assertThat(cold.out()).contains("6 remote execs (3.0 per host)");

        CliRun again = CliRun.of(concat("apply", args));
        assertThat(again.exitCode()).isZero();
        for (FleetHost h : fleet.hosts()) assertThat(again.out()).containsPattern(h.name() + "\\s+: ok=4\\s+changed=0");
        assertThat(again.out()).contains("2 remote execs (1.0 per host)");
    }

    @Test
    void aFailingCommandStopsTheHostAfterWhatCameBeforeIt() throws Exception {
        Path pb = playbook("""
                - hosts: all
                  tasks:
                    - copy: content="before\\n" dest=/srv/cmd-fail-before
                    - shell: echo broken >&2; exit 3
                    - copy: content="after\\n" dest=/srv/cmd-fail-after
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory().toString(), "--known-hosts", fleet.knownHosts().toString());
        assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("! shell: non-zero return code");
        for (FleetHost h : fleet.hosts()) {
            assertThat(Files.readString(fleet.path(h, "/srv/cmd-fail-before"))).isEqualTo("before\n");
            assertThat(fleet.path(h, "/srv/cmd-fail-after")).doesNotExist();
            assertThat(r.out()).containsPattern(h.name() + "\\s+: ok=1\\s+changed=1\\s+unreachable=0\\s+failed=1");
        }
    }

    private Path inventory() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        return inv;
    }

    private Path playbook(String yaml) throws Exception {
        Path pb = tmp.resolve("site.yml");
        Files.writeString(pb, yaml);
        return pb;
    }

    private static String[] concat(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
