package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.HostStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObservedFactsTest {
    @Test
    void digestsAreTheFirstAnswersFingerprintsSortedByKeyAndASnapshot() {
        ObservedFacts observed = new ObservedFacts();
        observed.putIfAbsent("file:/b", FileState.ABSENT);
        observed.putIfAbsent("group:app", "app:x:995:");
        observed.putIfAbsent("file:/b", "a later answer is not the observed one");
        Map<String, String> digests = observed.digests();
        observed.putIfAbsent("file:/c", FileState.ABSENT);

        assertThat(digests).containsExactly(
                Map.entry("file:/b", FactDigest.of("file:/b", FileState.ABSENT)),
                Map.entry("group:app", FactDigest.of("group:app", "app:x:995:")));
        HostResult r = new HostResult("h1", List.of(), HostResult.State.OK, null, HostStats.NONE, digests);
        assertThat(r.factDigests()).isEqualTo(digests).hasSize(2);
        assertThat(observed.digests()).containsKey("file:/c");
    }
}
