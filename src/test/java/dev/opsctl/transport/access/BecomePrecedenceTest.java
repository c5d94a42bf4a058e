package dev.opsctl.transport.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.transport.Become;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ansible's order: connection variables over play/task keywords over the command line; no sudo to oneself. */
class BecomePrecedenceTest {
    private static Become choose(Map<String, Object> vars, Boolean keyword, String keywordUser, BecomeDefaults cli, String login) {
        return BecomePrecedence.choose(vars::get, keyword, () -> keywordUser, cli, login);
    }

    @Test
    void nothingSaidMeansNoBecome() {
        assertThat(choose(Map.of(), null, null, BecomeDefaults.NONE, "deploy")).isNull();
    }

    @Test
    void theCommandLineIsTheDefaultAndRootTheDefaultUser() {
        assertThat(choose(Map.of(), null, null, new BecomeDefaults(true, null, null), "deploy")).isEqualTo(new Become("root", null));
        assertThat(choose(Map.of(), null, null, new BecomeDefaults(true, "postgres", "pw"), "deploy"))
                .isEqualTo(new Become("postgres", "pw"));
    }

    @Test
    void keywordsWinOverTheCommandLine() {
        assertThat(choose(Map.of(), false, null, new BecomeDefaults(true, null, null), "deploy")).isNull();
        assertThat(choose(Map.of(), true, "www-data", new BecomeDefaults(null, "postgres", null), "deploy"))
                .isEqualTo(new Become("www-data", null));
    }

    @Test
    void connectionVariablesWinOverKeywordsAndTheCommandLine() {
        Map<String, Object> vars = new HashMap<>(Map.of("ansible_become", "no"));
        assertThat(choose(vars, true, null, new BecomeDefaults(true, null, null), "deploy")).isNull();
        vars = Map.of("ansible_become", "yes", "ansible_become_user", "backup", "ansible_become_pass", "s3cret");
        assertThat(choose(vars, false, "www-data", new BecomeDefaults(null, "postgres", "cli"), "deploy"))
                .isEqualTo(new Become("backup", "s3cret"));
        assertThat(choose(Map.of("ansible_become_password", "a", "ansible_become_pass", "b"), true, null, BecomeDefaults.NONE, "deploy").password())
                .as("ansible_become_password before the older _pass").isEqualTo("a");
    }

    @Test
    void noSudoWhenTheConnectionAlreadyIsTheBecomeUser() {
        assertThat(choose(Map.of(), true, null, BecomeDefaults.NONE, "root")).isNull();
        assertThat(choose(Map.of(), true, "root", BecomeDefaults.NONE, null)).as("login unknown: sudo").isEqualTo(new Become("root", null));
    }
}
