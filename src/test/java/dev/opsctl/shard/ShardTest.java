package dev.opsctl.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static List<String> hosts(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= n; i++) names.add(String.format("web%04d.example.net", i));
        return names;
    }

    @Test
    void everyHostIsInExactlyOneShard() {
        List<String> all = hosts(1000);
        Set<String> seen = new LinkedHashSet<>();
        int total = 0;
        for (int k = 1; k <= 4; k++) {
            Set<String> part = new Shard(k, 4).of(all);
            total += part.size();
            seen.addAll(part);
        }
        assertThat(total).isEqualTo(1000);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(all);
    }

    @Test
    void addingAHostMovesOnlyThatHost() {
        List<String> before = hosts(1000);
        Map<String, Integer> was = new HashMap<>();
        for (String h : before) was.put(h, Shard.owner(h, 8));
        List<String> after = new ArrayList<>(before);
        after.add(500, "db-new.example.net");
        for (int k = 1; k <= 8; k++) {
            Set<String> part = new Shard(k, 8).of(after);
            for (String h : part) if (!h.equals("db-new.example.net")) assertThat(was.get(h)).as(h).isEqualTo(k);
        }
        // One more runner takes hosts only onto the new shard: no host moves between the old ones.
        for (String h : before) {
            int now = Shard.owner(h, 9);
            assertThat(now == was.get(h) || now == 9).as(h).isTrue();
        }
    }

    @Test
    void shardSizesAreBalanced() {
        List<String> all = hosts(1000);
        for (int n : List.of(2, 4, 10)) {
            int expected = 1000 / n;
            // Each host lands on a shard as an independent fair draw: the sizes are binomial, within 4 standard deviations.
            int bound = (int) Math.ceil(4 * Math.sqrt(1000.0 / n * (1 - 1.0 / n)));
            for (int k = 1; k <= n; k++) {
                assertThat(new Shard(k, n).of(all).size()).as(k + "/" + n).isBetween(expected - bound, expected + bound);
            }
        }
    }

    @Test
    void theHashIsTheDocumentedOne() {
        // SHA-256 over "K:NAME", first 8 bytes big-endian unsigned, highest wins (computed independently with Python's hashlib).
        Map<String, Integer> expected = Map.of("h01", 2, "h02", 2, "h03", 2, "h04", 3, "h05", 4, "h06", 1, "h07", 3, "h08", 3);
        expected.forEach((h, k) -> assertThat(Shard.owner(h, 4)).as(h).isEqualTo(k));
        assertThat(Shard.weight(1, "h01")).isEqualTo(Long.parseUnsignedLong(
                java.util.HexFormat.of().formatHex(sha256("1:h01"), 0, 8), 16));
    }

    @Test
    void parsesKOfNAndRefusesWhatIsNot() {
        assertThat(Shard.parse(" 2/4 ")).isEqualTo(new Shard(2, 4));
        assertThat(new Shard(3, 7).toString()).isEqualTo("3/7");
        assertThatThrownBy(() -> Shard.parse("0/4")).hasMessageContaining("K must be between 1 and 4");
        assertThatThrownBy(() -> Shard.parse("5/4")).hasMessageContaining("shard 5/4 does not exist");
        assertThatThrownBy(() -> Shard.parse("1/0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Shard.parse("two")).hasMessageContaining("'two' is not K/N");
        assertThat(new Shard(1, 1).of(hosts(5))).hasSize(5);
    }

    @Test
    void theSelectionDigestIgnoresOrder() {
        assertThat(Shard.selectionSha256(List.of("b", "a"))).isEqualTo(Shard.selectionSha256(List.of("a", "b")))
                .isNotEqualTo(Shard.selectionSha256(List.of("a", "b", "c")));
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
