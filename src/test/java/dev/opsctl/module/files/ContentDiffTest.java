package dev.opsctl.module.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The diff a user reads in a plan: GNU diff's headers, and a summary where a line-by-line diff would cost minutes. */
class ContentDiffTest {
    @Test
    void aNewFileIsOneHunkWithGnuDiffsHeader() {
        assertThat(ContentDiff.unified("/etc/f", new byte[0], bytes("a\nb\nc\nd\ne\n")))
                .isEqualTo("--- before: /etc/f\n+++ after: /etc/f\n@@ -0,0 +1,5 @@\n+a\n+b\n+c\n+d\n+e\n");
        assertThat(ContentDiff.unified("/etc/f", new byte[0], bytes("a\n"))).endsWith("@@ -0,0 +1 @@\n+a\n");
    }

    @Test
    void anEmptiedFileIsOneHunkOfRemovedLines() {
        assertThat(ContentDiff.unified("/etc/f", bytes("a\n"), new byte[0])).endsWith("@@ -1 +0,0 @@\n-a\n");
    }

    @Test
    void aNewFileOfManyLinesIsShownWhole() {
        String big = "line\n".repeat(200_000);
        String diff = ContentDiff.unified("/srv/big", new byte[0], bytes(big));
        assertThat(diff).contains("@@ -0,0 +1,200000 @@\n").endsWith("+line\n");
        assertThat(diff.lines().count()).isEqualTo(200_003);
    }

    @Test
    void aLargeChangedMiddleIsSummarisedAroundTheLinesBothSidesShare() {
        StringBuilder a = new StringBuilder("head\n");
        StringBuilder b = new StringBuilder("head\n");
        for (int i = 0; i < 30_000; i++) {
            a.append("old ").append(i).append('\n');
            b.append("new ").append(i).append('\n');
        }
        a.append("tail\n");
        b.append("tail\n");
        assertThat(ContentDiff.unified("/srv/f", bytes(a.toString()), bytes(b.toString()))).isEqualTo("--- before: /srv/f\n+++ after: /srv/f\n"
                + "@@ -2,30000 +2,30000 @@\n(diff not shown: 30000 lines replaced by 30000 lines; more than 20000 changed lines)\n");
    }

    @Test
    void aSmallChangeStillGetsALineByLineDiff() {
        assertThat(ContentDiff.unified("/f", bytes("a\nb\n"), bytes("a\nc\n"))).isEqualTo("--- before: /f\n+++ after: /f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
