package dev.opsctl.inventory;

import static dev.opsctl.inventory.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VarsPrecedenceTest {
    @TempDir
    Path dir;

    /** Each level sets the variables named after itself and every higher level, so each variable's winner shows the order. */
    @Test
    void mergesEveryLevelInAnsiblesOrder() {
        List<String> levels = List.of("inv_all", "inv_group", "gv_inv_all", "gv_pb_all", "gv_inv_group", "gv_pb_group",
                "inv_host", "hv_inv", "hv_pb");
        Path inv = write(dir, "inv/hosts", """
                [web]
                w1 %s
                [web:vars]
                %s
                [all:vars]
                %s
                """.formatted(ini(levels, 6, " "), ini(levels, 1, "\n"), ini(levels, 0, "\n")));
        write(dir, "inv/group_vars/all.yml", yaml(levels, 2));
        write(dir, "pb/group_vars/all.yaml", yaml(levels, 3));
        write(dir, "inv/group_vars/web/10.yml", yaml(levels, 4));
        write(dir, "pb/group_vars/web", yaml(levels, 5));
        write(dir, "inv/host_vars/w1.json", "{" + String.join(",", levels.subList(7, 9).stream().map(l -> "\"" + l + "\": \"hv_inv\"").toList()) + "}");
        write(dir, "pb/host_vars/w1/vars.yml", yaml(levels, 8));

        Map<String, Object> vars = InventoryLoader.load(List.of(inv), dir.resolve("pb")).hostVars("w1");

        for (String level : levels) assertThat(vars).as(level).containsEntry(level, level);
    }

    private static String ini(List<String> levels, int upTo, String sep) {
        return String.join(sep, levels.subList(upTo, levels.size()).stream().map(l -> l + "=" + levels.get(upTo)).toList());
    }

    private static String yaml(List<String> levels, int upTo) {
        return String.join("\n", levels.subList(upTo, levels.size()).stream().map(l -> l + ": " + levels.get(upTo)).toList()) + "\n";
    }

    @Test
    void childGroupsWinOverParentsThenPriorityThenName() {
        Path inv = write(dir, "hosts", """
                [web]
                w1
                [db]
                w1
                [prod:children]
                web
                [prod:vars]
                lvl=prod
                [web:vars]
                lvl=web
                who=web
                [db:vars]
                who=db
                [zz]
                w1
                [zz:vars]
                prio=zz
                ansible_group_priority=0
                [aa]
                w1
                [aa:vars]
                prio=aa
                """);

        Map<String, Object> vars = Fixtures.load(inv).hostVars("w1");

        assertThat(vars).containsEntry("lvl", "web");       // web (depth 2) after prod (depth 1)
        assertThat(vars).containsEntry("who", "web");       // web is deeper than db
        assertThat(vars).containsEntry("prio", "aa");       // zz's lower priority applies first
    }

    @Test
    void varsDirectoriesMergeFilesInLexicalOrderAndSkipBackups() {
        Path inv = write(dir, "hosts", "[web]\nw1\n");
        write(dir, "group_vars/web/a.yml", "x: a\ny: a\n");
        write(dir, "group_vars/web/b.yml", "x: b\n");
        write(dir, "group_vars/web/c.yml~", "x: backup\n");
        write(dir, "group_vars/web/.hidden.yml", "x: hidden\n");
        write(dir, "group_vars/web/notes.txt", "x: text\n");
        write(dir, "group_vars/web/sub/z", "z: nested\n");

        assertThat(Fixtures.load(inv).hostVars("w1")).containsEntry("x", "b").containsEntry("y", "a").containsEntry("z", "nested");
    }

    @Test
    void noInventoryMeansImplicitLocalhostWithPlaybookVars() {
        write(dir, "group_vars/all.yml", "greeting: hi\n");
        write(dir, "host_vars/localhost.yml", "mine: yes\n");

        Inventory inv = InventoryLoader.load(List.of(), dir);

        // As in Ansible, the implicit localhost is no member of all: a fleet playbook run without an inventory reaches nothing.
        assertThat(inv.hosts()).isEmpty();
        assertThat(inv.select("all")).isEmpty();
        assertThat(inv.select("localhost")).extracting(Host::name).containsExactly("localhost");
        assertThat(inv.hostVars("localhost")).containsEntry("ansible_connection", "local")
                .containsEntry("greeting", "hi").containsEntry("mine", true);
        assertThat(Inventory.implicitLocalhost().select("all")).isEmpty();
        assertThat(Inventory.implicitLocalhost().select("127.0.0.1")).extracting(Host::name).containsExactly("127.0.0.1");
    }

    @Test
    void badVarsFilesNameFileAndLine() {
        Path inv = write(dir, "hosts", "[web]\nw1\n");
        Path list = write(dir, "group_vars/web.yml", "- a\n- b\n");
        Path broken = write(dir, "host_vars/w1.yml", "a: 1\nb: [\n");

        assertThatThrownBy(() -> Fixtures.load(inv))
                .hasMessageContaining(list + ":1:1: a vars file must be a mapping")
                .hasMessageContaining(broken + ":3:");
    }
}
