package dev.opsctl.inventory;

import static dev.opsctl.inventory.Fixtures.names;
import static dev.opsctl.inventory.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostPatternTest {
    @TempDir
    Path dir;
    Inventory inv;

    @BeforeEach
    void inventory() {
        inv = Fixtures.load(write(dir, "hosts", """
                bastion
                [web]
                web1
                web2
                web10
                [db]
                db1
                web2
                [daegu]
                web1
                db1
                [seoul]
                web10
                [korea:children]
                daegu
                seoul
                """));
    }

    private java.util.List<String> select(String pattern) {
        return names(inv.select(pattern));
    }

    @Test
    void allAndStarSelectEveryHostInInventoryOrder() {
        assertThat(select("all")).containsExactly("bastion", "web1", "web2", "web10", "db1");
        assertThat(select("*")).containsExactly("bastion", "web1", "web2", "web10", "db1");
    }

    @Test
    void namesAndGroups() {
        assertThat(select("db1")).containsExactly("db1");
        assertThat(select("db")).containsExactly("web2", "db1");
        assertThat(select("korea")).containsExactly("web1", "web10", "db1");
        assertThat(select("ungrouped")).containsExactly("bastion");
    }

    @Test
    void unionsWithColonOrCommaHaveNoDuplicates() {
        assertThat(select("db:daegu")).containsExactly("web1", "web2", "db1");
        assertThat(select("db,daegu")).containsExactly("web1", "web2", "db1");
        assertThat(select("bastion, db1")).containsExactly("bastion", "db1");
    }

    @Test
    void intersectionAndExclusion() {
        assertThat(select("web:&daegu")).containsExactly("web1");
        assertThat(select("web:!db")).containsExactly("web1", "web10");
        assertThat(select("all:!korea")).containsExactly("bastion", "web2");
        assertThat(select("!web")).containsExactly("bastion", "db1");
        assertThat(select("&db")).containsExactly("web2", "db1");
    }

    @Test
    void exclusionsApplyLastWhateverTheirPosition() {
        // Ansible runs unions, then &, then !: "!web2" written first still removes web2 from the union after it
        assertThat(select("!web2:web:db:&daegu")).containsExactly("web1", "db1");
        assertThat(select("web:!web1:&korea:db")).containsExactly("web10", "db1");
    }

    @Test
    void globsMatchHostsAndGroups() {
        assertThat(select("web*")).containsExactly("web1", "web2", "web10");
        assertThat(select("web?")).containsExactly("web1", "web2");
        assertThat(select("w[a-z]b1*")).containsExactly("web1", "web10");
        assertThat(select("web[!1]")).containsExactly("web2");
        assertThat(select("kor*")).containsExactly("web1", "web10", "db1");
        assertThat(select("*1")).containsExactly("web1", "db1");
    }

    @Test
    void regexesMatchFromTheStartLikePythonsReMatch() {
        assertThat(select("~web[0-9]+")).containsExactly("web1", "web2", "web10");
        assertThat(select("~web1")).containsExactly("web1", "web10");
        assertThat(select("~eb")).isEmpty();
        assertThat(select("~(web|db)1$")).containsExactly("web1", "db1");
    }

    @Test
    void subscriptsPickFromAGroup() {
        assertThat(select("web[0]")).containsExactly("web1");
        assertThat(select("web[-1]")).containsExactly("web10");
        assertThat(select("web[1:2]")).containsExactly("web2", "web10");
        assertThat(select("web[1:]")).containsExactly("web2", "web10");
        assertThat(select("web[7]")).isEmpty();
    }

    @Test
    void limitStyleCombinations() {
        HostPattern play = HostPattern.parse("web:db");
        HostPattern limit = HostPattern.parse("korea:!web10", Source.of("--limit"));
        assertThat(names(play.select(inv))).containsExactly("web1", "web2", "web10", "db1");
        assertThat(names(limit.select(inv))).containsExactly("web1", "db1");
    }

    @Test
    void unknownNamesMatchNothing() {
        assertThat(select("nosuch")).isEmpty();
        assertThat(select("web:nosuch")).containsExactly("web1", "web2", "web10");
    }

    @Test
    void namingLocalhostGivesTheImplicitLocalConnection() {
        assertThat(inv.select("localhost")).singleElement().satisfies(h -> {
            assertThat(h.name()).isEqualTo("localhost");
            assertThat(h.vars()).containsEntry("ansible_connection", "local");
        });
        assertThat(select("127.0.0.1")).containsExactly("127.0.0.1");
        assertThat(select("db:localhost")).containsExactly("web2", "db1", "localhost");
        assertThat(select("all")).doesNotContain("localhost");
        assertThat(inv.hostVars("localhost")).containsEntry("ansible_connection", "local");
    }

    @Test
    void syntaxErrorsNameWhereThePatternCameFrom() {
        assertThatThrownBy(() -> HostPattern.parse("~web(", Source.of("--limit")))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("--limit: invalid regular expression 'web('");
        assertThatThrownBy(() -> HostPattern.parse("web[0")).hasMessageStartingWith("hosts: unexpected '[' in host pattern 'web[0'");
        assertThatThrownBy(() -> HostPattern.parse("web:!")).hasMessageStartingWith("hosts: '!' in host pattern");
        assertThatThrownBy(() -> HostPattern.parse("  ")).hasMessage("hosts: empty host pattern");
    }
}
