package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SshTargetTest {
    @Test
    void readsAnsibleConnectionVariables() {
        SshTarget t = SshTarget.fromVars("web1", Map.of("ansible_host", "10.0.0.5", "ansible_port", 2222, "ansible_user", "deploy",
                "ansible_ssh_private_key_file", "/keys/id", "ansible_password", "pw"));
        assertThat(t.hostname()).isEqualTo("10.0.0.5");
        assertThat(t.port()).isEqualTo(2222);
        assertThat(t.user()).isEqualTo("deploy");
        assertThat(t.identityFiles()).containsExactly(Path.of("/keys/id"));
        assertThat(t.password()).isEqualTo("pw");
        assertThat(t.connectTimeout()).isEqualTo(SshTarget.DEFAULT_CONNECT_TIMEOUT);
    }

    @Test
    void defaultsAreTheNamePort22AndTheDefaultKeys() {
        SshTarget t = SshTarget.fromVars("db1", Map.of("ansible_ssh_pass", "old-name"));
        assertThat(t.hostname()).isEqualTo("db1");
        assertThat(t.port()).isEqualTo(22);
        assertThat(t.identityFiles()).isEmpty();
        assertThat(t.password()).isEqualTo("old-name");
    }

    @Test
    void aBadPortIsNamed() {
        assertThatThrownBy(() -> SshTarget.fromVars("db1", Map.of("ansible_port", "ssh"))).hasMessage("db1: ansible_port 'ssh' is not a number");
        assertThatThrownBy(() -> SshTarget.of("db1", "h", 0, "root")).hasMessageContaining("port 0");
    }

    @Test
    void toStringHidesThePassword() {
        SshTarget t = SshTarget.of("db1", "h", 22, "root").withPassword("hunter2").withIdentityFiles(List.of());
        assertThat(t.toString()).doesNotContain("hunter2").contains("root@h:22");
    }
}
