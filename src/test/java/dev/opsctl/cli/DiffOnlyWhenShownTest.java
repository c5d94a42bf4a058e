package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new file's diff is built only where it is shown ({@code --diff}) or carried (JSON, a saved plan): a plan of a large
 * new file without them shows its size and no diff, with them the whole file as one hunk.
 */
class DiffOnlyWhenShownTest {
    @TempDir
    Path tmp;

    @Test
    void aLargeNewFileIsDiffedOnlyWithDiffOrJson() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200_000; i++) text.append("line ").append(i).append('\n');
        // Over 1 MiB: streamed from disk when written, so the diff is the only reason to read it whole.
        Path src = Files.writeString(tmp.resolve("big.txt"), text);
        assertThat(Files.size(src)).isGreaterThan(1 << 20);
        Path dest = tmp.resolve("dest.txt");
        Path pb = Files.writeString(tmp.resolve("pb.yml"), """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: big
                      copy: {src: "%s", dest: "%s"}
                """.formatted(src, dest));

        CliRun plain = CliRun.of("plan", pb.toString());
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("+ big: file " + dest).contains("content " + Files.size(src) + " bytes")
                .doesNotContain("@@").doesNotContain("+line 199999");

        CliRun diff = CliRun.of("plan", pb.toString(), "--diff");
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("@@ -0,0 +1,200000 @@").contains("+line 0").contains("+line 199999");

        CliRun json = CliRun.of("plan", pb.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode task = new ObjectMapper().readTree(json.out()).at("/hosts/0/tasks/0");
        assertThat(task.get("diff").asText()).contains("@@ -0,0 +1,200000 @@").contains("+line 199999");
        assertThat(dest).doesNotExist();
    }
}
