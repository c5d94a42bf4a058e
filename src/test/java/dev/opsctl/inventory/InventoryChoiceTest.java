package dev.opsctl.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.config.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which inventory a run uses, in Ansible's order, and what the plan's first line says about it. */
class InventoryChoiceTest {
    @TempDir
    Path dir;

    private Environment env(Map<String, String> vars) throws Exception {
        Files.createDirectories(dir.resolve("cwd"));
        Files.createDirectories(dir.resolve("home"));
        Files.createDirectories(dir.resolve("etc"));
        return new Environment(vars, dir.resolve("cwd"), dir.resolve("home"), dir.resolve("etc"));
    }

    @Test
    void nothingFoundMeansOnlyTheImplicitLocalhost() throws Exception {
        InventoryChoice c = InventoryChoice.resolve(List.of(), env(Map.of()));
        assertThat(c.implicitOnly()).isTrue();
        assertThat(c.describe(dir)).isEqualTo("Inventory: none (only the implicit localhost, which 'all' and groups do not match)");
    }

    @Test
    void inventoryInAnsibleCfgIsReadRelativeToTheCfg() throws Exception {
        Environment e = env(Map.of());
        Files.writeString(e.cwd().resolve("ansible.cfg"), "# team settings\n[defaults]\nforks = 10\ninventory = ./hosts.ini ; the fleet\n");
        InventoryChoice c = InventoryChoice.resolve(List.of(), e);
        assertThat(c.sources()).containsExactly(e.cwd().resolve("hosts.ini"));
        assertThat(c.describe(e.cwd())).isEqualTo("Inventory: hosts.ini (inventory in ansible.cfg)");
    }

    @Test
    void ansibleConfigNamesTheFileAndHomeAndEtcComeAfterTheWorkingDirectory() throws Exception {
        Environment e = env(Map.of("ANSIBLE_CONFIG", dir.resolve("elsewhere/my.cfg").toString()));
        Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("elsewhere/my.cfg"), "[defaults]\ninventory: inv/prod.yml, inv/extra.yml\n");
        Files.writeString(e.cwd().resolve("ansible.cfg"), "[defaults]\ninventory = ignored.ini\n");
        assertThat(InventoryChoice.resolve(List.of(), e).sources())
                .containsExactly(dir.resolve("elsewhere/inv/prod.yml"), dir.resolve("elsewhere/inv/extra.yml"));

        Environment noCwdCfg = env(Map.of());
        Files.delete(noCwdCfg.cwd().resolve("ansible.cfg"));
        Files.writeString(noCwdCfg.home().resolve(".ansible.cfg"), "[defaults]\ninventory = ~/nope\n[other]\ninventory = x\n");
        Files.writeString(noCwdCfg.etcAnsible().resolve("ansible.cfg"), "[defaults]\ninventory = /etc/not-this\n");
        assertThat(InventoryChoice.resolve(List.of(), noCwdCfg).origin()).contains(".ansible.cfg");
    }

    @Test
    void dashIBeatsTheEnvironmentWhichBeatsAnsibleCfgWhichBeatsEtcHosts() throws Exception {
        Environment e = env(Map.of("ANSIBLE_INVENTORY", "a.yml,b.yml"));
        Files.writeString(e.cwd().resolve("ansible.cfg"), "[defaults]\ninventory = cfg.ini\n");
        Files.writeString(e.etcAnsible().resolve("hosts"), "h1\n");
        assertThat(InventoryChoice.resolve(List.of(Path.of("given.yml")), e).sources()).containsExactly(Path.of("given.yml"));
        InventoryChoice fromEnv = InventoryChoice.resolve(List.of(), e);
        assertThat(fromEnv.sources()).containsExactly(e.cwd().resolve("a.yml"), e.cwd().resolve("b.yml"));
        assertThat(fromEnv.describe(e.cwd())).isEqualTo("Inventory: a.yml, b.yml (ANSIBLE_INVENTORY)");

        Environment noEnv = env(Map.of());
        assertThat(InventoryChoice.resolve(List.of(), noEnv).sources()).containsExactly(e.cwd().resolve("cfg.ini"));
        Files.delete(noEnv.cwd().resolve("ansible.cfg"));
        assertThat(InventoryChoice.resolve(List.of(), noEnv).sources()).containsExactly(noEnv.etcAnsible().resolve("hosts"));
    }
}
