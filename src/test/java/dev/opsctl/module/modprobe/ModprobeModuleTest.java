package dev.opsctl.module.modprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileSetQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Facts in, change out. Planned against fixture facts only: the test fleet shares this machine's kernel, which has no
 * /proc/modules (Ansible's modprobe fails there too), and loading a module in a fleet host would load it for the machine.
 */
class ModprobeModuleTest {
    private static final FileState DIR = new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 0, 1, 3, null, null, null);

    private final ModprobeModule module = new ModprobeModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, Boolean loaded, Map<String, String> load, Map<String, String> options) {
        ModprobeModule.ModprobeArgs a = new HostRun(dir).parse(module, raw);
        Map<Object, Object> facts = new HashMap<>();
        facts.put(new KernelModuleQuery(a.name()), loaded);
        facts.put(new FileSetQuery(List.of("/etc/modules-load.d/*")), files(load));
        facts.put(new FileSetQuery(List.of("/etc/modprobe.d/*")), files(options));
        facts.put(new FileQuery("/etc/modules-load.d", false), DIR);
        facts.put(new FileQuery("/etc/modprobe.d", false), DIR);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<dev.opsctl.facts.FactQuery<?>, ?> typed = (Map) facts;
        return module.plan(a, HostRun.facts(typed));
    }

    private static Map<String, FileState.Present> files(Map<String, String> texts) {
        Map<String, FileState.Present> out = new HashMap<>();
        texts.forEach((p, t) -> out.put(p, HostRun.file(t)));
        return out;
    }

    private static List<String> written(Planned p) {
        List<String> out = new ArrayList<>();
        for (Step s : p.change().steps()) if (s.stdin().length > 0) out.add(new String(s.stdin(), StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void loadsAModuleWithItsParams() {
        Planned p = plan(Map.of("name", "dummy", "params", "numdummies=2"), false, Map.of(), Map.of());
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().steps()).singleElement().extracting(Step::script).asString().endsWith("modprobe -- dummy numdummies=2");
        assertThat(plan(Map.of("name", "dummy", "params", "numdummies=2"), true, Map.of(), Map.of()).change().action()).isEqualTo(Action.NO_OP);
        Planned unload = plan(Map.of("name", "dummy", "state", "absent"), true, Map.of(), Map.of());
        assertThat(unload.change().steps()).singleElement().extracting(Step::script).asString().endsWith("modprobe -r -- dummy");
    }

    @Test
    void persistentPresentListsTheModuleAndCommentsOutOtherOptionsAsModprobePyDoes() {
        Planned p = plan(Map.of("name", "dummy", "params", "numdummies=2", "persistent", "present"), true, Map.of(),
                Map.of("/etc/modprobe.d/old.conf", "options dummy numdummies=1\nblacklist floppy\n"));
        assertThat(p.change().details()).contains("write /etc/modules-load.d/dummy.conf", "rewrite /etc/modprobe.d/old.conf",
                "write /etc/modprobe.d/dummy.conf");
        // modprobe.py joins the lines it read (newlines kept) with newlines: every line end doubles.
        assertThat(written(p)).containsExactly("dummy\n", "#options dummy numdummies=1\n\nblacklist floppy\n", "options dummy numdummies=2\n");
        Planned again = plan(Map.of("name", "dummy", "params", "numdummies=2", "persistent", "present"), true,
                Map.of("/etc/modules-load.d/dummy.conf", "dummy\n"), Map.of("/etc/modprobe.d/dummy.conf", "options dummy numdummies=2\n"));
        assertThat(again.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void persistentAbsentCommentsTheModuleOut() {
        Planned p = plan(Map.of("name", "dummy", "state", "absent", "persistent", "absent"), false,
                Map.of("/etc/modules-load.d/dummy.conf", "dummy\n"), Map.of());
        assertThat(written(p)).containsExactly("#dummy\n");
    }

    @Test
    void aHostWithoutProcModulesFailsAsAnsibleDoes() {
        assertThatThrownBy(() -> plan(Map.of("name", "dummy"), null, Map.of(), Map.of()))
                .isInstanceOf(PlanException.class).hasMessageContaining("/proc/modules");
    }
}
