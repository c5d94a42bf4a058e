package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live progress on a terminal, recorded: the packaged opsctl applies to 20 real sshd hosts in a pseudo-terminal (tmux)
 * while the test reads the screen a few times a second. The frames go to target/live-progress-recording.txt
 * (docs/progress.md shows one such recording).
 */
@FleetHosts(20)
class LiveProgressIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    @Test
    void statusLinesAreRedrawnInPlaceAndEachHostIsPrintedWhenItIsDone() throws Exception {
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        Path pb = tmp.resolve("site.yml");
        // Hosts take 1 to 5 seconds for the slow step, so some are done while others still work.
        Files.writeString(pb, """
                - hosts: all
                  gather_facts: false
                  tasks:
                    - name: app dir
                      file: path=/srv/progress-it state=directory mode=0755
                    - name: slow step
                      command: sleep {{ (inventory_hostname[-2:] | int) % 5 + 1 }}
                    - name: setting
                      lineinfile: path=/srv/progress-it/settings line=host={{ inventory_hostname }} create=true
                """);
        List<String> frames = new ArrayList<>();
        try (TmuxTerminal t = TmuxTerminal.start(tmp, 100, 30, List.of(), "apply", pb.toString(), "-i", inv.toString(),
                "--known-hosts=" + fleet.knownHosts(), "--yes")) {
            Instant end = Instant.now().plusSeconds(180);
            String last = "";
            while (Instant.now().isBefore(end)) {
                String s = t.screen();
                if (!s.equals(last)) frames.add(s);
                last = s;
                if (s.contains("EXIT=")) break;
                Thread.sleep(250);
            }
            assertThat(t.exitCode(Duration.ofSeconds(5))).isZero();
            String all = t.history();
            Path recording = Path.of("target/live-progress-recording.txt");
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < frames.size(); i++) text.append("----- frame ").append(i + 1).append(" -----\n").append(frames.get(i)).append('\n');
            Files.writeString(recording, text);

            // While hosts work: one status line each and a total, which the next frame replaces.
            assertThat(frames).anySatisfy(f -> assertThat(f).containsPattern("(?m)^  h0\\d\\d  applying 2/3 slow step$")
                    .containsPattern("(?m)^\\d+/20 hosts done, \\d+ at work"));
            // Some host's result is on the screen while others still work.
            assertThat(frames).anySatisfy(f -> assertThat(f).containsPattern("(?m)^h0\\d\\d: done, 3 changes$")
                    .containsPattern("(?m)^([1-9]|1\\d)/20 hosts done, [1-9]\\d* at work"));
            // At the end the status lines are gone: the results and the recap stay.
            assertThat(all).contains("Apply complete: 20 of 20 hosts changed.").doesNotContain(" at work\nRECAP");
            assertThat(t.screen()).doesNotContainPattern("(?m)^  h0\\d\\d  (connecting|applying)");
            for (var h : fleet.hosts()) assertThat(all).containsPattern("(?m)^" + h.name() + ": done, 3 changes$");
        }
    }
}
