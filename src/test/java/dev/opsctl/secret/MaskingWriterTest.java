package dev.opsctl.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The output filter masks secrets however the text is cut into writes, and sensitive content is described, not shown. */
class MaskingWriterTest {
    @AfterEach
    void forget() {
        Secrets.reset();
    }

    @Test
    void masksASecretSplitOverWritesAndFlushesAndEachLineOfAMultiLineOne() throws Exception {
        Secrets.register("hunter2-canary");
        Secrets.register("-----BEGIN KEY-----\nAAAAB3NzaC1yc2E\n-----END KEY-----");
        StringWriter sink = new StringWriter();
        MaskingWriter masking = new MaskingWriter(sink);
        PrintWriter out = new PrintWriter(masking, true);
        out.print("password=hunt");
        out.flush();
        out.print("er2-can");
        out.flush();
        out.println("ary done");
        out.println("key line AAAAB3NzaC1yc2E here");
        out.print("tail hunter2-canary");
        masking.drain();
        assertThat(sink.toString()).isEqualTo("password=******** done\nkey line ******** here\ntail ********")
                .doesNotContain("hunt");
    }

    @Test
    void flushWritesWhatCannotStartASecret() throws Exception {
        Secrets.register("zebra-secret");
        StringWriter sink = new StringWriter();
        MaskingWriter masking = new MaskingWriter(sink);
        masking.write("progress: 3/10 ze");
        masking.flush();
        assertThat(sink.toString()).isEqualTo("progress: 3/10 ");
        masking.write("ro\n");
        assertThat(sink.toString()).isEqualTo("progress: 3/10 zero\n");
    }

    @Test
    void aSecretIsMaskedInItsJsonEscapedFormToo() {
        Secrets.register("pa\"ss\\word");
        assertThat(Secrets.mask("{\"db\": \"pa\\\"ss\\\\word\"}")).isEqualTo("{\"db\": \"********\"}");
    }

    @Test
    void shortValuesAndBooleansAreNotMaskedAsLiterals() {
        Secrets.register("ab");
        Secrets.register("yes");
        assertThat(Secrets.mask("ab yes")).isEqualTo("ab yes");
    }

    @Test
    void sensitiveContentIsDescribedBySizeAndADigestKeyedWithThePasswords() {
        byte[] content = "db=hunter2-canary\n".getBytes(StandardCharsets.UTF_8);
        Secrets.register("hunter2-canary");
        assertThat(Secrets.isSensitive(content)).isTrue();
        assertThat(Secrets.isSensitive("other\n".getBytes(StandardCharsets.UTF_8))).isFalse();
        Secrets.keyDigestsWith(java.util.List.of("pw-a".getBytes(StandardCharsets.UTF_8)));
        String a = Secrets.describe(content);
        assertThat(a).matches("\\(sensitive content: 18 bytes, sha256 [0-9a-f]{16}\\)").doesNotContain("hunter2");
        assertThat(Secrets.describe(content)).isEqualTo(a);
        Secrets.keyDigestsWith(java.util.List.of("pw-b".getBytes(StandardCharsets.UTF_8)));
        assertThat(Secrets.describe(content)).isNotEqualTo(a);
    }
}
