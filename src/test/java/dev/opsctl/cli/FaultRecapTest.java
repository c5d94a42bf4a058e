package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the recap and the plan's last line say after failures, on this machine through the command line. */
class FaultRecapTest {
    @TempDir
    Path dir;

    @Test
    void anIgnoredFailureIsCountedIgnoredNotFailedAsAnsibleDoes() throws Exception {
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: localhost
                  tasks:
                    - name: fails
                      command: /bin/false
                      ignore_errors: yes
                    - name: after
                      copy: {content: "x\\n", dest: "%s"}
                """.formatted(dir.resolve("after.txt")));
        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("! fails: ").contains("(ignored)")
                .containsPattern("localhost : ok=2\\s+changed=2\\s+unreachable=0\\s+failed=0\\s+skipped=0\\s+rescued=0\\s+ignored=1");
        assertThat(dir.resolve("after.txt")).hasContent("x");
    }

    @Test
    void aPlanWithAFailedHostDoesNotSayNoChanges() throws Exception {
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: localhost
                  tasks:
                    - name: cannot be planned
                      copy: {src: "%s", dest: "%s"}
                """.formatted(dir.resolve("missing.txt"), dir.resolve("dest.txt")));
        CliRun plan = CliRun.of("plan", pb.toString());
        assertThat(plan.out()).doesNotContain("No changes.")
                .contains("Plan incomplete: no changes on the 0 hosts planned; 1 host could not be planned.");
    }
}
