package dev.opsctl.inventory;

import static dev.opsctl.inventory.Fixtures.load;
import static dev.opsctl.inventory.Fixtures.names;
import static dev.opsctl.inventory.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.InputException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IniInventoryTest {
    @TempDir
    Path dir;

    @Test
    void readsGroupsChildrenVarsAndUngroupedHosts() {
        Inventory inv = load(write(dir, "hosts", """
                # a comment
                ; another comment
                lone1 a=1
                [web]
                w2 x=1 y=True z=0644 q="hello world" t=true f=1.5 n=None l=[1,2]  # trailing comment
                w1
                [db]
                d1 ansible_host=10.0.0.5
                [prod:children]
                web
                [prod:vars]
                p=prod
                quoted="a b"
                [all:vars]
                allv=1
                """));

        assertThat(names(inv.hosts())).containsExactly("lone1", "w2", "w1", "d1");
        assertThat(inv.groups()).containsOnlyKeys("all", "ungrouped", "web", "db", "prod");
        assertThat(inv.groups().get("ungrouped").hosts()).containsExactly("lone1");
        assertThat(inv.groups().get("prod").children()).containsExactly("web");
        assertThat(inv.groups().get("all").children()).containsExactly("ungrouped", "db", "prod");
        assertThat(inv.groups().get("prod").vars()).containsEntry("p", "prod").containsEntry("quoted", "a b");
        assertThat(inv.groups().get("all").vars()).containsEntry("allv", 1);
        // values as Ansible's ast.literal_eval leaves them: only Python literals change type
        // first Ansible's inventory_file and inventory_dir (the source that named the host), then the line's values
        Path hosts = dir.resolve("hosts").toAbsolutePath().normalize();
        assertThat(inv.host("w2").orElseThrow().vars()).containsExactlyEntriesOf(orderedMap(
                "inventory_file", hosts.toString(), "inventory_dir", hosts.getParent().toString(), "x", 1, "y", true, "z", "0644", "q", "hello world", "t", "true", "f", 1.5, "n", null, "l", List.of(1, 2)));
        assertThat(inv.host("d1").orElseThrow().vars()).containsEntry("ansible_host", "10.0.0.5");
    }

    @Test
    void expandsNumericAndAlphabeticRangesAndPorts() {
        Inventory inv = load(write(dir, "hosts.ini", """
                [web]
                web[01:03].example.com
                db-[a:c] role=db
                node[0:10:5]
                jump:2222
                """));

        assertThat(names(inv.hosts())).containsExactly("web01.example.com", "web02.example.com", "web03.example.com",
                "db-a", "db-b", "db-c", "node0", "node5", "node10", "jump");
        assertThat(inv.host("db-b").orElseThrow().vars()).containsEntry("role", "db");
        assertThat(inv.host("jump").orElseThrow().vars()).containsEntry("ansible_port", 2222);
    }

    @Test
    void childrenMayBeDeclaredBeforeTheirSection() {
        Inventory inv = load(write(dir, "hosts", """
                [parent:children]
                kid
                [kid]
                k1
                """));

        assertThat(inv.groups().get("parent").children()).containsExactly("kid");
        assertThat(inv.groupNames("k1")).containsExactly("kid", "parent");
    }

    @Test
    void reportsEveryBadLineWithFileAndLine() {
        Path file = write(dir, "bad.ini", """
                [web]
                w1 novalue
                w2 x="unclosed
                [web:bogus]
                [bad section]
                [a:children]
                nowhere
                [ghost:vars]
                x=1
                """);

        assertThatThrownBy(() -> load(file))
                .isInstanceOf(InputException.class)
                .satisfies(e -> assertThat(((InputException) e).diagnostics()).hasSize(6))
                .hasMessageContaining(file + ":2: expected key=value host variable assignment, got 'novalue'")
                .hasMessageContaining(file + ":3: cannot parse host line")
                .hasMessageContaining(file + ":4: section [web:bogus] has unknown type")
                .hasMessageContaining(file + ":5: invalid section '[bad section]'")
                .hasMessageContaining(file + ":7: section [a:children] includes undefined group 'nowhere'")
                .hasMessageContaining(file + ":8: section [ghost:vars] is for a group that is never defined");
    }

    @Test
    void rejectsBadRangesAndLoops() {
        Path file = write(dir, "hosts", """
                [web]
                web[01:100]
                [a:children]
                b
                [b:children]
                a
                """);

        assertThatThrownBy(() -> load(file))
                .hasMessageContaining(file + ":2: host range must specify equal-length begin and end formats")
                .hasMessageContaining(file + ":6: adding group 'a' as a child of 'b' creates a loop");
    }

    static Map<String, Object> orderedMap(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
