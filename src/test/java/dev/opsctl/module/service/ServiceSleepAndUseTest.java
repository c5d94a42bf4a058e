package dev.opsctl.module.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.ServiceQuery;
import dev.opsctl.facts.ServiceState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** service's sleep and use, over the fixtures of {@link ServiceModuleTest}. */
class ServiceSleepAndUseTest {
    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, ServiceState state) {
        ServiceModule module = new ServiceModule(false);
        return module.plan(new HostRun(dir).parse(module, raw), HostRun.facts(Map.of(new ServiceQuery("nginx"), state)));
    }

    @Test
    void sleepWaitsBetweenTheStopAndTheStartOfASysvinitRestart() {
        Planned p = plan(Map.of("name", "nginx", "state", "restarted", "sleep", 3), ServiceModuleTest.sysv(0, true, true));
        assertThat(p.change().steps().get(0).script()).isEqualTo("service nginx stop; sleep 3; service nginx start");
        Planned onSystemd = plan(Map.of("name", "nginx", "state", "restarted", "sleep", 3), ServiceModuleTest.systemd("active", "enabled", 0));
        assertThat(onSystemd.change().steps().get(0).script()).isEqualTo("systemctl restart -- nginx");
    }

    @Test
    void useSystemdNeedsSystemdAndOtherManagersAreRefused() {
        assertThat(plan(Map.of("name", "nginx", "state", "started", "use", "service"), ServiceModuleTest.sysv(3, true, true))
                .change().steps().get(0).script()).isEqualTo("service nginx start");
        assertThatThrownBy(() -> plan(Map.of("name", "nginx", "state", "started", "use", "systemd"), ServiceModuleTest.sysv(3, true, true)))
                .isInstanceOf(PlanException.class).hasMessage("use: systemd, but systemd is not running on this host");
        assertThatThrownBy(() -> new HostRun(dir).parse(new ServiceModule(false), Map.of("name", "nginx", "state", "started", "use", "openrc")))
                .isInstanceOf(ArgException.class).hasMessageContaining("must be one of auto, service, sysvinit, systemd");
    }
}
