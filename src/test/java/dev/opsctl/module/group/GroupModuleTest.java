package dev.opsctl.module.group;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.facts.GroupQuery;
import dev.opsctl.facts.GroupState;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupModuleTest {
    private final GroupModule module = new GroupModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, GroupState current) {
        return module.plan(new HostRun(dir).parse(module, raw), HostRun.facts(Map.of(new GroupQuery("ops"), current)));
    }

    @Test
    void newSystemGroupWithGidIsACreateWithGroupadd() {
        Planned p = plan(Map.of("name", "ops", "gid", "1600", "system", "yes"), GroupState.ABSENT);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("gid 1600", "system group");
        assertThat(p.predicted()).extracting(u -> u.query().key()).containsExactly("group:ops", "group:1600");
    }

    @Test
    void otherGidIsAnUpdateAndTheSameIsNoOp() {
        Planned p = plan(Map.of("name", "ops", "gid", 1601), new GroupState.Present("ops", 1600, List.of()));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("gid 1600 -> 1601");
        assertThat(p.predicted()).extracting(u -> (Object) u.value()).contains(new GroupState.Present("ops", 1601, List.of()));
        Planned same = plan(Map.of("name", "ops"), new GroupState.Present("ops", 1600, List.of()));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
        assertThat(same.change().details()).containsExactly("group ops exists as wanted (gid 1600)");
        assertThat(module.registered(new HostRun(dir).parse(module, Map.of("name", "ops")), same, null)).containsEntry("gid", 1600);
    }

    @Test
    void absentDeletesAnExistingGroupOnly() {
        Planned p = plan(Map.of("name", "ops", "state", "absent"), new GroupState.Present("ops", 1600, List.of()));
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.predicted()).extracting(u -> (Object) u.value()).containsOnly(GroupState.ABSENT);
        assertThat(plan(Map.of("name", "ops", "state", "absent"), GroupState.ABSENT).change().details()).containsExactly("group ops already absent");
    }
}
