package dev.opsctl.module.debconf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.DebconfQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.secret.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** debconf-show's listing in, debconf-set-selections' input out, compared as Ansible 2.14's debconf compares. */
class DebconfModuleTest {
    private static final String SHOWN = """
            ok
            * tzdata/Areas: Europe
              tzdata/Zones/Etc: UTC
            * opsctl/enabled: true
              opsctl/secret: (password omitted)
            """;
    private final DebconfModule module = new DebconfModule();

    @TempDir
    Path dir;

    @AfterEach
    void forgetSecrets() {
        Secrets.reset();
    }

    private DebconfModule.DebconfArgs args(Map<String, Object> raw) {
        return new HostRun(dir).parse(module, raw);
    }

    private Planned plan(DebconfModule.DebconfArgs a, String shown) {
        return module.plan(a, HostRun.facts(Map.of(new DebconfQuery(a.pkg()), new DebconfQuery(a.pkg()).parse(shown))));
    }

    @Test
    void aDifferentAnswerIsSetOnSetSelectionsInput() {
        DebconfModule.DebconfArgs a = args(Map.of("name", "tzdata", "question", "tzdata/Areas", "vtype", "select", "value", "Asia"));
        Planned p = plan(a, SHOWN);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("select Europe -> Asia");
        assertThat(p.change().steps().get(0).script()).isEqualTo("debconf-set-selections");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo("tzdata tzdata/Areas select Asia");
        assertThat(module.registered(a, p, null)).containsEntry("current", Map.of("tzdata/Areas", "Asia"))
                .containsEntry("previous", Map.of("tzdata/Areas", "Europe"));
        assertThat(((DebconfQuery.Selections) HostRun.predicted(p, new DebconfQuery("tzdata"))).questions()).containsEntry("tzdata/Areas", "Asia");
    }

    @Test
    void theSameAnswerIsNoChangeAndBooleansCompareInLowerCase() {
        assertThat(plan(args(Map.of("name", "tzdata", "question", "tzdata/Zones/Etc", "vtype", "select", "value", "UTC")), SHOWN)
                .change().action()).isEqualTo(Action.NO_OP);
        DebconfModule.DebconfArgs yes = args(Map.of("pkg", "opsctl", "setting", "opsctl/enabled", "vtype", "boolean", "answer", true));
        assertThat(plan(yes, SHOWN).change().action()).isEqualTo(Action.NO_OP);
        DebconfModule.DebconfArgs no = args(Map.of("pkg", "opsctl", "setting", "opsctl/enabled", "vtype", "boolean", "answer", false));
        assertThat(new String(plan(no, SHOWN).change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo("opsctl opsctl/enabled boolean false");
        // A YAML boolean given to a string question is Python's str(True), as Ansible sends it.
        DebconfModule.DebconfArgs str = args(Map.of("name", "opsctl", "question", "opsctl/flag", "vtype", "string", "value", true, "unseen", true));
        Planned p = plan(str, SHOWN);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().steps().get(0).script()).isEqualTo("debconf-set-selections -u");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).endsWith(" string True");
    }

    @Test
    void aPasswordIsSetEveryTimeAndNeverShown() {
        DebconfModule.DebconfArgs a = args(Map.of("name", "opsctl", "question", "opsctl/secret", "vtype", "password", "value", "hunter22"));
        Planned p = plan(a, SHOWN);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(String.join("\n", p.change().details())).doesNotContain("hunter22");
        assertThat(Secrets.isSensitive("opsctl opsctl/secret password hunter22".getBytes(StandardCharsets.UTF_8))).isTrue();
    }

    @Test
    void withoutAQuestionAnswersAreOnlyReadAndRegistered() {
        DebconfModule.DebconfArgs a = args(Map.of("name", "tzdata"));
        Planned p = plan(a, SHOWN);
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(a, p, null).get("current")).isEqualTo(Map.of("tzdata/Areas", "Europe", "tzdata/Zones/Etc", "UTC",
                "opsctl/enabled", "true", "opsctl/secret", "(password omitted)"));
    }

    @Test
    void partOfAnAnswerOrAFailingDebconfShowIsAnError() {
        assertThatThrownBy(() -> module.parse(new Args("debconf", Map.of("name", "x", "question", "x/y")), null))
                .isInstanceOf(ArgException.class).hasMessage("parameters are required together: question, vtype, value");
        assertThatThrownBy(() -> plan(args(Map.of("name", "tzdata")), "failed\ndebconf: DbDriver \"config\": locked\n"))
                .isInstanceOf(PlanException.class).hasMessage("debconf: DbDriver \"config\": locked");
    }
}
