package dev.opsctl.module.gem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gem fixtures: what {@code gem list '^NAME$'} printed in, the change gem.py would make out (its commands word for word). */
class GemModuleTest {
    /** Debian 12's ruby3.1: json is a default gem, plus a second installed version. */
    static final String JSON_LISTED = "gem json (2.7.1, default: 2.6.1)\n";

    private final GemModule module = new GemModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, String listed) {
        GemArgs a = new HostRun(dir).parse(module, raw);
        GemQuery q = (GemQuery) module.facts(a).get(0);
        assertThat(q.upFront()).as("asked when the task runs, after Ruby is installed").isFalse();
        return module.plan(a, HostRun.facts(Map.of(q, q.parse(listed))));
    }

    private static List<String> scripts(Planned p) {
        return p.change().steps().stream().map(Step::script).toList();
    }

    @Test
    void presentIsAnyInstalledVersionOrTheAskedOne() {
        assertThat(plan(Map.of("name", "json"), JSON_LISTED).change().action()).isEqualTo(Action.NO_OP);
        assertThat(plan(Map.of("name", "json", "version", "2.7.1"), JSON_LISTED).change().action()).isEqualTo(Action.NO_OP);
        assertThat(plan(Map.of("name", "json", "version", "2.6.1"), "gem json (default: 2.6.1)\n").change().action()).isEqualTo(Action.NO_OP);
        // gem.py strips "default: " only before the first version: a default gem listed second is not found, so is ours.
        assertThat(plan(Map.of("name", "json", "version", "2.6.1"), JSON_LISTED).change().action()).isEqualTo(Action.CREATE);
        Planned other = plan(Map.of("name", "json", "version", "2.0.0", "user_install", false), JSON_LISTED);
        assertThat(other.change().action()).isEqualTo(Action.CREATE);
        assertThat(scripts(other)).containsExactly("gem install --norc --version 2.0.0 --no-user-install --no-document json");
        Planned fresh = plan(Map.of("name", "bundler"), "");
        assertThat(scripts(fresh)).containsExactly("gem install --norc --user-install --no-document bundler");
        // A later task sees it installed.
        assertThat(fresh.predicted()).hasSize(1);
    }

    @Test
    void absentRemovesEveryVersionOrTheAskedOne() {
        Planned all = plan(Map.of("name", "json", "state", "absent"), JSON_LISTED);
        assertThat(all.change().action()).isEqualTo(Action.DELETE);
        assertThat(scripts(all)).containsExactly("gem uninstall --norc --all --executable json");
        Planned one = plan(Map.of("name", "json", "state", "absent", "version", "2.7.1", "install_dir", "/opt/gems",
                "user_install", false), JSON_LISTED);
        assertThat(scripts(one)).containsExactly(
                "GEM_HOME=/opt/gems gem uninstall --norc --install-dir /opt/gems --version 2.7.1 --executable json");
        assertThat(plan(Map.of("name", "rake", "state", "absent"), "").change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void latestAsksTheSourceSoItRuns() {
        Planned p = plan(Map.of("name", "json", "state", "latest", "executable", "/usr/bin/gem3.1"), JSON_LISTED);
        assertThat(p.change().action()).isEqualTo(Action.RUN);
        assertThat(scripts(p)).containsExactly("/usr/bin/gem3.1 install --norc --user-install --no-document json");
    }

    @Test
    void noGemOnTheHostIsGemPysMessageAndArgumentsAreCheckedAsGemPyChecksThem() {
        assertThatThrownBy(() -> plan(Map.of("name", "json"), "error Failed to find required executable \"gem\" in paths: /usr/bin\n"))
                .isInstanceOf(PlanException.class).hasMessageContaining("Failed to find required executable \"gem\"");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", "x", "install_dir", "/opt/g")))
                .isInstanceOf(ArgException.class).hasMessage("install_dir requires user_install=false");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", "x", "version", "1", "state", "latest")))
                .isInstanceOf(ArgException.class).hasMessage("Cannot specify version when state=latest");
    }
}
