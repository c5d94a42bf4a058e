package dev.opsctl.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayloadTest {
    @TempDir
    Path tmp;

    @Test
    void aFileRegionHasTheDigestsOfItsBytesAndSendsExactlyThem() throws Exception {
        byte[] data = new byte[3 * 65536 + 17];
        new Random(3).nextBytes(data);
        Path f = Files.write(tmp.resolve("f"), data);
        Payload.FileRegion region = Payload.file(f);
        assertThat(region.size()).isEqualTo(data.length);
        assertThat(region.inMemory()).isFalse();
        assertThat(region.sha256()).isEqualTo(hex("SHA-256", data)).isEqualTo(Payload.of(data).sha256());
        assertThat(region.sha1()).isEqualTo(hex("SHA-1", data)).isEqualTo(Payload.of(data).sha1());
        try (InputStream in = region.open()) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        // A file that grew after its region was made: only the region's bytes go.
        Files.write(f, "more".getBytes(StandardCharsets.UTF_8), java.nio.file.StandardOpenOption.APPEND);
        assertThat(region.bytes()).isEqualTo(data);
    }

    @Test
    void aHeadGoesBeforeTheContentWithoutReadingItIntoAnArray() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "content\n");
        Payload joined = Payload.file(f).after("password\n".getBytes(StandardCharsets.UTF_8));
        assertThat(joined).isInstanceOf(Payload.Joined.class);
        assertThat(joined.size()).isEqualTo(17);
        try (InputStream in = joined.open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("password\ncontent\n");
        }
        assertThat(joined.sha256()).isEqualTo(hex("SHA-256", "password\ncontent\n".getBytes(StandardCharsets.UTF_8)));
        Payload inMemory = Payload.of("b".getBytes(StandardCharsets.UTF_8)).after("a".getBytes(StandardCharsets.UTF_8));
        assertThat(inMemory.inMemory()).isTrue();
        assertThat(new String(inMemory.bytes(), StandardCharsets.UTF_8)).isEqualTo("ab");
    }

    private static String hex(String algorithm, byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
    }
}
