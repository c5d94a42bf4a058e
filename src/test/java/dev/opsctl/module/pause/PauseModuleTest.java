package dev.opsctl.module.pause;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PauseModuleTest {
    private final PauseModule module = new PauseModule();

    @TempDir
    Path dir;

    @Test
    void minutesBecomeASleepThatChangesNothing() {
        Planned p = module.plan(new HostRun(dir).parse(module, Map.of("minutes", 2, "prompt", "let the cache warm")), new Facts());
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().details()).containsExactly("pause for 120 seconds: let the cache warm");
        assertThat(p.change().steps()).extracting(Step::script).containsExactly("sleep 120");
    }

    @Test
    void aPauseForAKeyPressAndBothUnitsAreRefused() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("prompt", "Continue?")))
                .isInstanceOf(ArgException.class).hasMessageContaining("waits for a key press");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("seconds", 1, "minutes", 1)))
                .isInstanceOf(ArgException.class).hasMessageContaining("mutually exclusive");
    }

    @Test
    void applySleepsForTheGivenTime() throws Exception {
        HostRun run = new HostRun(dir);
        long start = System.nanoTime();
        run.apply(module, run.parse(module, Map.of("seconds", "1")));
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(900);
    }
}
