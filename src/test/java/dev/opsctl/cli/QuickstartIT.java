package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The README's first command, through the packaged launcher, as a user runs it. */
class QuickstartIT {
    private static final Path ROOT = Path.of("/tmp/opsctl-quickstart");

    record Run(int code, String out) {}

    private static Run opsctl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bin/opsctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }

    @Test
    void quickstartAppliesThenReportsNoChanges() throws Exception {
        deleteTree(ROOT);
        Run plan = opsctl("plan", "examples/quickstart/site.yml", "--detailed-exitcode");
        assertThat(plan.code()).as(plan.out()).isEqualTo(2);
        assertThat(plan.out()).contains("+ Config directory: directory /tmp/opsctl-quickstart/etc");

        Run apply = opsctl("apply", "examples/quickstart/site.yml");
        assertThat(apply.code()).as(apply.out()).isZero();
        assertThat(apply.out()).contains("RECAP").contains("localhost");
        assertThat(Files.readString(ROOT.resolve("etc/app.conf"))).contains("port = 8080").contains("worker = beta");
        assertThat(ROOT.resolve("data/config-changed-at")).exists();

        Run again = opsctl("plan", "examples/quickstart/site.yml", "--detailed-exitcode");
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).contains("No changes.");
        Run reapply = opsctl("apply", "examples/quickstart/site.yml");
        assertThat(reapply.out()).contains("changed=0");
    }
}
