package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The connect timeout: --timeout, unless the host's ansible_ssh_timeout or ansible_timeout says otherwise. */
class SshTargetsTest {
    private final SshTargets targets = new SshTargets(new SshDefaults("root", null, null, Duration.ofSeconds(10), SshConfig.empty()), n -> null);

    @Test
    void connectTimeoutFromHostVariablesAsAnsible() {
        assertThat(targets.resolve("h1", Map.of()).connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(targets.resolve("h1", Map.of("ansible_timeout", 3)).connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(targets.resolve("h1", Map.of("ansible_timeout", "3", "ansible_ssh_timeout", "5")).connectTimeout())
                .isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> targets.resolve("h1", Map.of("ansible_timeout", "soon"))).hasMessageContaining("is not a number of seconds");
    }
}
