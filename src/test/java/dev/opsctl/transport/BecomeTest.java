package dev.opsctl.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BecomeTest {
    @Test
    void withoutPasswordItIsOneNonInteractiveSudo() {
        assertThat(Become.root().wrap("echo 'hi'; id"))
                .isEqualTo("exec sudo -n -H -u root -- sh -c 'echo '\\''hi'\\''; id'");
        assertThat(Become.root().stdin("x".getBytes(StandardCharsets.UTF_8))).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePasswordIsOnlyInStdinNeverInTheScriptOrToString() {
        Become b = new Become("deploy user", "s3cr3t");
        assertThat(b.wrap("id")).doesNotContain("s3cr3t").contains("-u 'deploy user'").contains("sudo -S -p ''");
        assertThat(new String(b.stdin("data".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).isEqualTo("s3cr3t\ndata");
        assertThat(b.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void aPasswordWithALineBreakIsRejected() {
        assertThatThrownBy(() -> new Become("root", "a\nb")).isInstanceOf(IllegalArgumentException.class);
    }
}
