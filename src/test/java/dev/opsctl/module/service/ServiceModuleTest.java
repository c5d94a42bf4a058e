package dev.opsctl.module.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.ServiceQuery;
import dev.opsctl.facts.ServiceState;
import dev.opsctl.facts.ServicesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** service and systemd fixtures: the init system's answers (systemctl, or sysvinit's service and rc links) in, the change out. */
class ServiceModuleTest {
    @TempDir
    Path dir;

    /** What the fact snippet prints for a unit on a systemd host. */
    static ServiceState systemd(String active, String enabled, int enabledRc) {
        return new ServiceQuery("nginx").parse("manager=systemd\nload=LoadState=loaded\nactive=" + active + "\nenabled_rc=" + enabledRc + "\nenabled=" + enabled);
    }

    /** What the fact snippet prints for an init script on a Debian host without systemd. */
    static ServiceState sysv(int status, boolean startLinks, boolean killLinks) {
        return new ServiceQuery("nginx").parse("manager=sysvinit\nscript=yes\nstatus=" + status + "\ntool=update-rc.d\n"
                + (startLinks ? "enabled=yes\n" : "") + (killLinks ? "klinks=yes\n" : ""));
    }

    private Planned plan(boolean systemdModule, Map<String, Object> raw, ServiceState state) {
        ServiceModule module = new ServiceModule(systemdModule);
        return module.plan(new HostRun(dir).parse(module, raw), HostRun.facts(Map.of(new ServiceQuery("nginx"), state)));
    }

    @Test
    void onSystemdAStoppedDisabledServiceIsEnabledThenStarted() {
        Planned p = plan(false, Map.of("name", "nginx", "state", "started", "enabled", true), systemd("inactive", "disabled", 1));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().summary()).isEqualTo("service nginx");
        assertThat(p.change().details()).containsExactly("enabled no -> yes", "stopped -> started");
        ServiceState after = (ServiceState) p.predicted().get(0).value();
        assertThat(after.running()).isTrue();
        assertThat(after.enabled()).isTrue();
    }

    @Test
    void onSystemdARunningEnabledServiceIsNoChangeButRestartAlwaysRuns() {
        ServiceState up = systemd("active", "enabled", 0);
        assertThat(plan(true, Map.of("name", "nginx", "state", "started", "enabled", "yes"), up).change().action()).isEqualTo(Action.NO_OP);
        Planned restart = plan(true, Map.of("name", "nginx", "state", "restarted"), up);
        assertThat(restart.change().details()).containsExactly("restart");
        // The test fleet has no systemd, so the command is the only thing to check of a systemd restart; PackageServiceCronIT
        // checks the sysvinit path's results on real hosts.
        assertThat(restart.change().steps().get(0).script()).isEqualTo("systemctl restart -- nginx");
    }

    @Test
    void aUnitSystemdDoesNotKnowIsNotFound() {
        ServiceState none = new ServiceQuery("nginx").parse("manager=systemd\nload=LoadState=not-found\nactive=inactive\nenabled_rc=1\nenabled=");
        assertThat(none.found()).isFalse();
        assertThat(systemd("active", "static", 0).enabled()).isTrue();
        assertThat(systemd("active", "indirect", 0).enabled()).as("Ansible counts an indirect unit as disabled").isFalse();
        assertThat(new ServiceQuery("nginx").script()).contains("systemctl show -p LoadState -- nginx", "systemctl is-enabled -- nginx");
    }

    @Test
    void systemdDaemonReloadAndMaskGoFirst() {
        Planned p = plan(true, Map.of("name", "nginx", "daemon_reload", true, "masked", false, "state", "reloaded"),
                new ServiceQuery("nginx").parse("manager=systemd\nload=LoadState=masked\nactive=inactive\nenabled_rc=1\nenabled=masked"));
        assertThat(p.change().details()).containsExactly("daemon-reload", "masked yes -> no", "stopped -> started (reload)");
        // No systemd on the test fleet: the order of the commands (reload and unmask before the start) is the behaviour.
        assertThat(p.change().steps().get(0).script()).isEqualTo("systemctl daemon-reload && systemctl unmask -- nginx && systemctl start -- nginx");
        ServiceModule module = new ServiceModule(true);
        Planned alone = module.plan(new HostRun(dir).parse(module, Map.of("daemon_reload", "yes")), HostRun.facts(Map.of()));
        assertThat(alone.change().steps().get(0).script()).isEqualTo("systemctl daemon-reload");
    }

    @Test
    void onSysvinitServiceAndUpdateRcdDoTheWork() {
        Planned p = plan(false, Map.of("name", "nginx", "state", "started", "enabled", true), sysv(3, false, false));
        assertThat(p.change().details()).containsExactly("enabled no -> yes", "stopped -> started");
        ServiceState started = (ServiceState) p.predicted().get(0).value();
        assertThat(started.running()).isTrue();
        assertThat(started.enabled()).isTrue();
        Planned stop = plan(false, Map.of("name", "nginx", "state", "stopped", "enabled", false), sysv(0, true, true));
        assertThat(stop.change().details()).containsExactly("enabled yes -> no", "started -> stopped");
        ServiceState stopped = (ServiceState) stop.predicted().get(0).value();
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.enabled()).isFalse();
        Planned restart = plan(false, Map.of("name", "nginx", "state", "restarted"), sysv(0, true, true));
        assertThat(restart.change().details()).containsExactly("restart");
        assertThat(((ServiceState) restart.predicted().get(0).value()).running()).isTrue();
        Planned same = plan(false, Map.of("name", "nginx", "state", "stopped"), sysv(3, true, true));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
        assertThat(same.change().details()).containsExactly("service nginx is stopped");
    }

    @Test
    void aServiceNotOnTheHostYetIsPlannedFromStopped() {
        ServiceState missing = new ServiceQuery("nginx").parse("manager=sysvinit\nstatus=1\ntool=update-rc.d");
        Planned p = plan(false, Map.of("name", "nginx", "state", "started"), missing);
        assertThat(p.change().details()).containsExactly("not on the host yet: planned as stopped and disabled", "stopped -> started");
    }

    @Test
    void theSystemdModuleNeedsSystemdAndBadArgumentsAreErrors() {
        assertThatThrownBy(() -> plan(true, Map.of("name", "nginx", "state", "started"), sysv(3, false, false)))
                .isInstanceOf(PlanException.class).hasMessageContaining("systemd is not running");
        HostRun run = new HostRun(dir);
        assertThatThrownBy(() -> run.parse(new ServiceModule(false), Map.of("name", "nginx", "state", "running")))
                .isInstanceOf(ArgException.class).hasMessageContaining("argument 'state'");
        assertThatThrownBy(() -> run.parse(new ServiceModule(false), Map.of("name", "nginx"))).hasMessageContaining("one of the following is required");
        assertThat(new ServiceModule(false).spec().check("service", Map.of("name", "x", "daemon_reload", true)))
                .containsExactly("unsupported argument 'daemon_reload' for module 'service'");
    }

    @Test
    void serviceFactsListSystemdUnitsAndSysvinitScripts() {
        Map<String, Map<String, Object>> units = ServicesQuery.INSTANCE.parse("""
                @units
                cron.service loaded active running Regular background program processing daemon
                ● nginx.service loaded failed failed A high performance web server
                @files
                cron.service enabled enabled
                nginx.service disabled enabled
                ssh.service masked enabled""");
        assertThat(units.get("cron.service")).containsEntry("state", "running").containsEntry("status", "enabled").containsEntry("source", "systemd");
        assertThat(units.get("nginx.service")).containsEntry("state", "stopped").containsEntry("status", "disabled");
        assertThat(units.get("ssh.service")).containsEntry("state", "inactive").containsEntry("status", "masked");
        Map<String, Map<String, Object>> sysv = ServicesQuery.INSTANCE.parse("@sysv\n [ + ]  cron\n [ - ]  procps\n [ ? ]  hwclock.sh");
        assertThat(sysv).containsOnlyKeys("cron", "procps");
        assertThat(sysv.get("cron")).containsEntry("state", "running").containsEntry("source", "sysv");
    }
}
