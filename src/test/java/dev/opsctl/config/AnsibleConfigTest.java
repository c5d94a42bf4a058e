package dev.opsctl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ansible.cfg found and read as Ansible does, and the ansible_managed text it gives templates. */
class AnsibleConfigTest {
    @TempDir
    Path dir;

    @Test
    void theFirstFileFoundWinsAnsibleConfigThenTheWorkingDirectoryThenHome() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("project"));
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".ansible.cfg"), "[defaults]\nforks = 3\n");
        assertThat(AnsibleConfig.find(Map.of(), cwd, home).setting("defaults", "forks", null)).hasValue("3");
        Files.writeString(cwd.resolve("ansible.cfg"), "[defaults]\nforks: 5 ; five\nansible_managed = Managed by {uid} from {file}\n");
        assertThat(AnsibleConfig.find(Map.of(), cwd, home).setting("defaults", "forks", null)).hasValue("5");
        Path named = dir.resolve("other.cfg");
        Files.writeString(named, "[defaults]\nforks = 9\ngathering = smart\n\n[ssh_connection]\npipelining = True\n");
        AnsibleConfig cfg = AnsibleConfig.find(Map.of("ANSIBLE_CONFIG", named.toString()), cwd, home);
        assertThat(cfg.setting("defaults", "forks", null)).hasValue("9");
        // forks is honoured (HonouredSettings); these two are not.
        assertThat(cfg.unhonoured()).containsExactly("[defaults] gathering", "[ssh_connection] pipelining");
        // An ANSIBLE_* variable overrides its setting.
        assertThat(AnsibleConfig.find(Map.of("ANSIBLE_FORKS", "12"), cwd, home).setting("defaults", "forks", "ANSIBLE_FORKS")).hasValue("12");
    }

    @Test
    void ansibleManagedIsAnsiblesDefaultOrTheSettingFilledIn() throws Exception {
        Path template = Files.writeString(dir.resolve("t.j2"), "x");
        assertThat(ManagedText.forTemplate(AnsibleConfig.find(Map.of(), dir, dir), template, "ctl", "root")).isEqualTo("Ansible managed");
        Files.writeString(dir.resolve("ansible.cfg"), "[defaults]\nansible_managed = Managed by {uid} on {host} from {file} (%%Y)\n");
        String text = ManagedText.forTemplate(AnsibleConfig.find(Map.of(), dir, dir), template, "ctl", "root");
        assertThat(text).matches("Managed by root on ctl from " + java.util.regex.Pattern.quote(template.toString()) + " \\(\\d{4}\\)");
    }
}
