package dev.opsctl.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HonouredSettingsTest {
    @TempDir
    Path dir;

    private HonouredSettings settings(String cfg, Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve("ansible.cfg"), cfg);
        return new HonouredSettings(AnsibleConfig.find(env, dir, dir.resolve("home")));
    }

    @Test
    void typedValuesWithRelativeKeyFromTheFilesDirectoryAndEnvironmentFirst() throws Exception {
        HonouredSettings s = settings("""
                [defaults]
                forks = 7
                remote_user = deploy
                private_key_file = keys/id_ed25519
                timeout = 4
                host_key_checking = False
                [privilege_escalation]
                become = yes
                become_user = app
                """, Map.of("ANSIBLE_TIMEOUT", "9"));
        assertThat(s.forks()).hasValue(7);
        assertThat(s.remoteUser()).hasValue("deploy");
        assertThat(s.privateKeyFile()).hasValue(dir.toAbsolutePath().normalize().resolve("keys/id_ed25519"));
        assertThat(s.timeout()).hasValue(9);
        assertThat(s.hostKeyChecking()).hasValue(false);
        assertThat(s.become()).hasValue(true);
        assertThat(s.becomeUser()).hasValue("app");
        assertThat(s.becomeAskPass()).isEmpty();
        assertThat(AnsibleConfig.find(Map.of(), dir, dir).unhonoured()).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeNamesWhereItWasSet() throws Exception {
        HonouredSettings s = settings("[defaults]\nforks = many\nhost_key_checking = flase\n"
                + "[privilege_escalation]\nbecome_method = su\n", Map.of());
        assertThatThrownBy(s::forks).isInstanceOf(InputException.class)
                .hasMessageContaining("ansible.cfg: [defaults] forks").hasMessageContaining("'many'");
        assertThatThrownBy(s::hostKeyChecking).isInstanceOf(InputException.class).hasMessageContaining("'flase'");
        assertThatThrownBy(s::becomeMethod).isInstanceOf(InputException.class).hasMessageContaining("'su' is not supported");
        HonouredSettings env = settings("", Map.of("ANSIBLE_FORKS", "0"));
        assertThatThrownBy(env::forks).hasMessageContaining("ANSIBLE_FORKS");
    }
}
