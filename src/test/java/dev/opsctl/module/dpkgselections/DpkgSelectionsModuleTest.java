package dev.opsctl.module.dpkgselections;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg's answer in, the selection change out. */
class DpkgSelectionsModuleTest {
    private final DpkgSelectionsModule module = new DpkgSelectionsModule();

    @TempDir
    Path dir;

    private Planned plan(String selection, String dpkgSays) {
        DpkgSelectionsModule.SelectionArgs a = new HostRun(dir).parse(module, Map.of("name", "cron", "selection", selection));
        return module.plan(a, HostRun.facts(Map.of(new SelectionQuery("cron"), new SelectionQuery("cron").parse(dpkgSays))));
    }

    @Test
    void aDifferentSelectionIsSetOnDpkgsInput() {
        Planned p = plan("hold", "cron\t\t\t\t\t\tinstall\n");
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("install -> hold");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo("cron hold");
        assertThat(module.registered(new DpkgSelectionsModule.SelectionArgs("cron", "hold"), p, null))
                .isEqualTo(Map.of("before", "install", "after", "hold"));
    }

    @Test
    void theSameSelectionIsNoChangeAndAnUnknownPackageIsNotPresent() {
        assertThat(plan("hold", "cron hold\n").change().action()).isEqualTo(Action.NO_OP);
        assertThat(plan("install", "").change().details()).containsExactly("not present -> install");
    }
}
