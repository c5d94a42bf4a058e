package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SshConfigTest {
    private final SshConfig config = SshConfig.parse(List.of(
            "# fleet",
            "Host bastion",
            "  HostName 127.0.0.1",
            "  Port 2201",
            "  User root",
            "Host web* !web9",
            "  HostName %h.internal",
            "  ProxyJump bastion",
            "  IdentityFile ~/.ssh/web_key",
            "Match user nobody",
            "  Port 1",
            "Host *",
            "  User deploy",
            "  Port=22",
            "  IdentityFile \"~/.ssh/id_ed25519\""));

    @Test
    void firstValueWinsAndPatternsMatchLikeOpenSsh() {
        SshConfig.HostEntry web = config.lookup("web1");
        assertThat(web.hostname()).isEqualTo("web1.internal");
        assertThat(web.proxyJump()).isEqualTo("bastion");
        assertThat(web.user()).isEqualTo("deploy");
        assertThat(web.port()).isEqualTo(22);
        assertThat(web.identityFiles()).containsExactly(System.getProperty("user.home") + "/.ssh/web_key",
                System.getProperty("user.home") + "/.ssh/id_ed25519");

        SshConfig.HostEntry bastion = config.lookup("bastion");
        assertThat(bastion.hostname()).isEqualTo("127.0.0.1");
        assertThat(bastion.port()).isEqualTo(2201);
        assertThat(bastion.user()).isEqualTo("root");
        assertThat(bastion.proxyJump()).isNull();
    }

    @Test
    void negatedPatternExcludesAHost() {
        assertThat(config.lookup("web9").proxyJump()).isNull();
        assertThat(config.lookup("web9").hostname()).isNull();
    }
}
