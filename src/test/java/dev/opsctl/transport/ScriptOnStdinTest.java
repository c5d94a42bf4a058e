package dev.opsctl.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.secret.Secrets;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A script holding a secret runs the same, reads its own stdin intact, and its command line does not show the secret. */
class ScriptOnStdinTest {
    @AfterEach
    void forget() {
        Secrets.reset();
    }

    @Test
    void aScriptWithASecretTravelsOnStdinAndItsOwnStdinFollowsIntact() throws Exception {
        Secrets.register("s3cret-ünïcode");
        String script = "printf '%s|' 's3cret-ünïcode'; cat; printf '|%s' \"$0\"; exit 7";
        ScriptOnStdin hidden = ScriptOnStdin.of(script, "caller's stdin\n".getBytes(StandardCharsets.UTF_8));
        assertThat(hidden.script()).doesNotContain("s3cret").startsWith("eval \"$(dd bs=1 count=");

        try (LocalConnection local = new LocalConnection("localhost")) {
            ExecResult r = local.exec(script, "caller's stdin\n".getBytes(StandardCharsets.UTF_8));
            assertThat(r.exitCode()).isEqualTo(7);
            assertThat(r.out()).isEqualTo("s3cret-ünïcode|caller's stdin\n|sh");
        }
    }

    @Test
    void aScriptWithoutSecretsIsLeftAsItIs() {
        Secrets.register("s3cret-value");
        ScriptOnStdin plain = ScriptOnStdin.of("echo hello", new byte[] {1});
        assertThat(plain.script()).isEqualTo("echo hello");
        assertThat(plain.stdin()).containsExactly(1);
    }
}
