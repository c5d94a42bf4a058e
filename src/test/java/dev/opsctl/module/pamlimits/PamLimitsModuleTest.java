package dev.opsctl.module.pamlimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** limits.conf in, limits.conf out: the expected bytes are what community.general 6.6's pam_limits writes. */
class PamLimitsModuleTest {
    private static final String LIMITS = "# /etc/security/limits.conf\n#<domain> <type> <item> <value>\n"
            + "*               soft    core            0\n@student        hard    nproc           20 # students\n\n";
    private static final FileState DIR = new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 0, 1, 3, null, null, null);

    private final PamLimitsModule module = new PamLimitsModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, FileState file) {
        PamLimitsModule.LimitArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new FileQuery(a.dest(), true), file, new FileQuery("/etc/security", false), DIR)));
    }

    private static String written(Planned p) {
        for (Step s : p.change().steps()) if (s.stdin().length > 0) return new String(s.stdin(), StandardCharsets.UTF_8);
        return null;
    }

    @Test
    void aNewLimitIsAppendedWithTheCommentOfAnEarlierLineAsPamLimitsDoes() {
        Planned p = plan(Map.of("domain", "*", "limit_type", "soft", "limit_item", "nofile", "value", 65536), HostRun.file(LIMITS));
        assertThat(written(p)).isEqualTo(LIMITS + "*\tsoft\tnofile\t65536\t# students\n\n");
    }

    @Test
    void aChangedValueRewritesItsLineAndUseMaxKeepsALargerOne() {
        Planned p = plan(Map.of("domain", "*", "limit_type", "soft", "limit_item", "core", "value", "unlimited", "comment", "no cores"),
                HostRun.file(LIMITS));
        assertThat(written(p)).isEqualTo("# /etc/security/limits.conf\n#<domain> <type> <item> <value>\n*\tsoft\tcore\tunlimited\t#no cores\n"
                + "@student        hard    nproc           20 # students\n\n");
        Planned max = plan(Map.of("domain", "@student", "limit_type", "hard", "limit_item", "nproc", "value", 10, "use_max", true),
                HostRun.file(LIMITS));
        assertThat(max.change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(new HostRun(dir).parse(module, Map.of("domain", "@student", "limit_type", "hard",
                "limit_item", "nproc", "value", 10, "use_max", true)), max, null))
                .containsEntry("msg", "@student        hard    nproc           20 # students\n");
    }

    @Test
    void aMissingFileIsCreated() {
        Planned p = plan(Map.of("domain", "app", "limit_type", "-", "limit_item", "memlock", "value", "unlimited"), FileState.ABSENT);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(written(p)).isEqualTo("app\t-\tmemlock\tunlimited\n");
    }

    @Test
    void valuesAreCheckedAsPamLimitsChecksThem() {
        assertThatThrownBy(() -> plan(Map.of("domain", "a", "limit_type", "soft", "limit_item", "nice", "value", 30), HostRun.file("")))
                .isInstanceOf(ArgException.class).hasMessageContaining("Value must be a number in the range -20 to 19");
        assertThatThrownBy(() -> plan(Map.of("domain", "a", "limit_type", "soft", "limit_item", "nofile", "value", "lots"), HostRun.file("")))
                .isInstanceOf(ArgException.class).hasMessageContaining("Value of 'lots' for item 'nofile' is invalid");
    }
}
