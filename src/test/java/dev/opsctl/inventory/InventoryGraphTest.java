package dev.opsctl.inventory;

import static dev.opsctl.inventory.Fixtures.load;
import static dev.opsctl.inventory.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected outputs were produced by ansible-core 2.14 (ansible-inventory --graph, ansible -m debug) on the same files. */
class InventoryGraphTest {
    @TempDir
    Path dir;

    private static final String INI = """
            [zeta]
            z1
            [alpha]
            a2
            [parent:children]
            kid
            alpha
            [parent]
            p1
            [kid]
            k0
            [web]
            web[01:03].ex
            h[a:c]
            """;

    @Test
    void iniGraphMatchesAnsibleInventory() {
        assertThat(InventoryGraph.render(load(write(dir, "t2.ini", INI)))).isEqualTo("""
                @all:
                  |--@ungrouped:
                  |--@zeta:
                  |  |--z1
                  |--@parent:
                  |  |--@alpha:
                  |  |  |--a2
                  |  |--@kid:
                  |  |  |--k0
                  |  |--p1
                  |--@web:
                  |  |--web01.ex
                  |  |--web02.ex
                  |  |--web03.ex
                  |  |--ha
                  |  |--hb
                  |  |--hc""");
    }

    @Test
    void yamlGraphMatchesAnsibleInventory() {
        Inventory inv = load(write(dir, "t6.yml", """
                all:
                  hosts:
                    h0:
                    h1: {x: 1}
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
                """));

        assertThat(InventoryGraph.render(inv)).isEqualTo("""
                @all:
                  |--@ungrouped:
                  |  |--h0
                  |--@web:
                  |  |--@canary:
                  |  |  |--h9
                  |  |--web1
                  |  |--web2
                  |  |--h1
                  |--@db:
                  |  |--d1""");
    }

    @Test
    void groupsVarAndGroupNamesMatchAnsible() {
        Inventory inv = load(write(dir, "t2.ini", INI));

        // Ansible lists a group's own hosts, then its children's, level by level
        assertThat(inv.groupsVar()).containsExactlyEntriesOf(ordered(
                "all", List.of("z1", "p1", "web01.ex", "web02.ex", "web03.ex", "ha", "hb", "hc", "a2", "k0"),
                "ungrouped", List.of(),
                "zeta", List.of("z1"),
                "alpha", List.of("a2"),
                "parent", List.of("p1", "a2", "k0"),
                "kid", List.of("k0"),
                "web", List.of("web01.ex", "web02.ex", "web03.ex", "ha", "hb", "hc")));
        assertThat(inv.groupNames("k0")).containsExactly("kid", "parent");
        assertThat(inv.groupNames("z1")).containsExactly("zeta");
    }

    @Test
    void ungroupedHostsHaveUngroupedInGroupNamesAsInAnsible() {
        Inventory inv = load(write(dir, "hosts", "lone\n[web]\nw1\n"));

        assertThat(inv.groupNames("lone")).containsExactly("ungrouped");
        assertThat(inv.groupNames("w1")).containsExactly("web");
    }

    private static Map<String, List<String>> ordered(Object... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> v = (List<String>) kv[i + 1];
            m.put((String) kv[i], v);
        }
        return m;
    }
}
