package dev.opsctl.module.setup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Gathered facts in, setup's {@code ansible_facts} out: every fact under its ansible_ name, or those a filter keeps. */
class SetupModuleTest {
    private final SetupModule module = new SetupModule();
    private static final Map<String, Object> GATHERED = Map.of("hostname", "web1", "memtotal_mb", 512, "distribution", "Debian");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private Map<String, Object> facts(Map<String, Object> raw) {
        SetupModule.SetupArgs a = new HostRun(dir).parse(module, raw);
        Planned p = module.plan(a, HostRun.facts(Map.of(a.query(), GATHERED)));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        return (Map<String, Object>) module.registered(a, p, null).get("ansible_facts");
    }

    @Test
    void everyFactUnderItsAnsibleName() {
        assertThat(facts(Map.of("gather_subset", "min"))).containsEntry("ansible_hostname", "web1")
                .containsEntry("ansible_memtotal_mb", 512).containsEntry("gather_subset", List.of("min")).containsEntry("module_setup", true);
    }

    @Test
    void filterKeepsMatchingNamesOnly() {
        assertThat(facts(Map.of("filter", List.of("ansible_*_mb", "ansible_hostname"))))
                .containsOnlyKeys("ansible_memtotal_mb", "ansible_hostname");
    }
}
