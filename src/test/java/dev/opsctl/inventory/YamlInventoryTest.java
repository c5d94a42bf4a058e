package dev.opsctl.inventory;

import static dev.opsctl.inventory.Fixtures.load;
import static dev.opsctl.inventory.Fixtures.names;
import static dev.opsctl.inventory.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.InputException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YamlInventoryTest {
    @TempDir
    Path dir;

    private static final String INVENTORY = """
            all:
              hosts:
                h0:
                h1: {x: 1}
              vars: {v: all, mode: 0644, flag: yes}
              children:
                web:
                  hosts:
                    web[1:2]:
                    h1: {y: 2}
                  children:
                    canary:
                      hosts: {h9:2222: }
            db:
              hosts:
                d1:
            """;

    @Test
    void readsHostsVarsChildrenAndTopLevelGroups() {
        Inventory inv = load(write(dir, "inv.yml", INVENTORY));

        assertThat(names(inv.hosts())).containsExactly("h0", "h1", "web1", "web2", "h9", "d1");
        assertThat(inv.groups().get("all").children()).containsExactly("ungrouped", "web", "db");
        assertThat(inv.groups().get("web").children()).containsExactly("canary");
        assertThat(inv.groups().get("web").hosts()).containsExactly("web1", "web2", "h1");
        assertThat(inv.groups().get("ungrouped").hosts()).containsExactly("h0");
        // a host listed in several places collects the variables of each
        assertThat(inv.host("h1").orElseThrow().vars()).containsEntry("x", 1).containsEntry("y", 2);
        assertThat(inv.host("h9").orElseThrow().vars()).containsEntry("ansible_port", 2222);
        // YAML 1.1, as Ansible reads it
        assertThat(inv.groups().get("all").vars()).containsEntry("mode", 420).containsEntry("flag", true);
    }

    @Test
    void recognisesYamlWithoutExtensionAndJson() {
        Inventory yaml = load(write(dir, "hosts", "web:\n  hosts:\n    a[a:b]:\n"));
        Inventory json = load(write(dir, "inv.json", "{\"all\": {\"hosts\": {\"j1\": {\"k\": \"v\"}}}}"));

        assertThat(names(yaml.hosts())).containsExactly("aa", "ab");
        assertThat(json.host("j1").orElseThrow().vars()).containsEntry("k", "v");
    }

    @Test
    void hostsSectionMayBeASingleName() {
        Inventory inv = load(write(dir, "inv.yaml", "web:\n  hosts: w1\n"));

        assertThat(inv.groups().get("web").hosts()).containsExactly("w1");
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        Path file = write(dir, "inv.yml", "all:\n  hosts:\n    h1: {x: 1\n    h2:\n");

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(file + ":4:")
                .hasMessageContaining("YAML syntax error");
    }

    @Test
    void structuralMistakesNameTheirLine() {
        Path file = write(dir, "inv.yml", """
                all:
                  hots:
                    h1:
                  children:
                    web:
                      hosts: [w1, w2]
                    db:
                      hosts:
                        d1: just-a-string
                """);

        assertThatThrownBy(() -> load(file))
                .satisfies(e -> assertThat(((InputException) e).diagnostics()).hasSize(3))
                .hasMessageContaining(file + ":2:3: unexpected key 'hots' in group 'all': only hosts, vars and children are valid (did you mean 'hosts'?)")
                .hasMessageContaining(file + ":6:14: 'hosts' of group 'web' must be a mapping")
                .hasMessageContaining(file + ":9:13: host 'd1' must have a mapping of variables or nothing");
    }

    @Test
    void directorySourceMergesItsFilesAndSkipsIgnoredOnes() {
        write(dir, "inv/01-web.yml", "web:\n  hosts:\n    w1:\n");
        write(dir, "inv/02-db", "[db]\nd1\n");
        write(dir, "inv/sub/03-extra.yaml", "extra:\n  hosts:\n    e1:\n");
        write(dir, "inv/README.md", "not an inventory [");
        write(dir, "inv/old.retry", "w9\n");
        write(dir, "inv/legacy.ini", "[skipped]\nx1\n"); // Ansible's INVENTORY_IGNORE_EXTS includes .ini
        write(dir, "inv/group_vars/web.yml", "from_dir: 1\n");

        Inventory inv = InventoryLoader.load(List.of(dir.resolve("inv")), null);

        assertThat(names(inv.hosts())).containsExactly("w1", "d1", "e1");
        assertThat(inv.hostVars("w1")).containsEntry("from_dir", 1);
    }

    @Test
    void severalSourcesMergeAndMissingOnesAreErrors() {
        Path a = write(dir, "a.yml", "web:\n  hosts:\n    w1: {x: 1}\n");
        Path b = write(dir, "b.ini", "[web]\nw1 x=2\nw2\n");

        Inventory inv = InventoryLoader.load(List.of(a, b), null);

        assertThat(names(inv.hosts())).containsExactly("w1", "w2");
        assertThat(inv.host("w1").orElseThrow().vars()).containsEntry("x", 2);
        assertThatThrownBy(() -> InventoryLoader.load(List.of(dir.resolve("missing.yml")), null))
                .hasMessageContaining("missing.yml: inventory source not found");
    }

    @Test
    void commaSeparatedHostListIsAnInventory() {
        Inventory inv = InventoryLoader.load(List.of(Path.of("web1,web2,")), null);

        assertThat(names(inv.hosts())).containsExactly("web1", "web2");
        assertThat(inv.groups().get("ungrouped").hosts()).containsExactly("web1", "web2");
    }
}
