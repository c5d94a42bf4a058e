package dev.opsctl.module.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unified diff of a plan reads as GNU diff -u writes it, hunk headers included. */
class ContentDiffGnuTest {
    @TempDir
    Path dir;

    private String gnuDiff(String before, String after) throws Exception {
        Path a = Files.writeString(dir.resolve("a"), before);
        Path b = Files.writeString(dir.resolve("b"), after);
        Process p = new ProcessBuilder("diff", "-u", a.toString(), b.toString()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out.substring(out.indexOf("@@"));
    }

    private static String ours(String before, String after) {
        String diff = ContentDiff.unified("/etc/app.conf", before.getBytes(StandardCharsets.UTF_8), after.getBytes(StandardCharsets.UTF_8));
        return diff.substring(diff.indexOf("@@"));
    }

    @Test
    void aNewFileAndAnEmptiedFileHaveGnuHunkHeaders() throws Exception {
        assertThat(ours("", "one\ntwo\nthree\n")).startsWith("@@ -0,0 +1,3 @@").isEqualTo(gnuDiff("", "one\ntwo\nthree\n"));
        assertThat(ours("one\ntwo\n", "")).startsWith("@@ -1,2 +0,0 @@").isEqualTo(gnuDiff("one\ntwo\n", ""));
    }

    @Test
    void aChangedLineMatchesGnuDiff() throws Exception {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String after = "a\nb\nc\nd\nE\nf\ng\nh\n";
        assertThat(ours(before, after)).isEqualTo(gnuDiff(before, after));
    }
}
