package dev.opsctl.module.pip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** pip's planner over fixture facts (pip list as a host would print it): what it installs, and what it leaves. */
class PipModuleTest {
    private final PipModule module = new PipModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, boolean venv, Map<String, String> installed) {
        PipArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new PipQuery(a.pip(), a.virtualenv()), new PipQuery.Answer(venv, installed, null))));
    }

    @Test
    void aMissingVirtualenvIsCreatedWithTheCommandAndThePackagesInstalled() {
        Planned p = plan(Map.of("name", "opsdemo", "version", "1.0", "virtualenv", "/opt/venv", "virtualenv_command", "python3 -m venv",
                "extra_args", "--no-index --find-links /srv/wheels"), false, Map.of());
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("create virtualenv /opt/venv (python3 -m venv)", "install opsdemo==1.0");
        assertThat(p.change().steps()).singleElement().satisfies(s -> assertThat(s.script()).isEqualTo(
                "cd /tmp && python3 -m venv /opt/venv && /opt/venv/bin/pip install --no-index --find-links /srv/wheels opsdemo==1.0"));
    }

    @Test
    void anInstalledVersionThatSatisfiesTheSpecifiersIsNoChangeAndCanonicalNamesMatch() {
        Map<String, String> installed = Map.of("python-dateutil", "2.8.2", "requests", "2.31.0");
        assertThat(plan(Map.of("name", List.of("Python_Dateutil>=2.8,<3", "requests"), "virtualenv", "/v"), true, installed)
                .change().action()).isEqualTo(Action.NO_OP);
        Planned upgrade = plan(Map.of("name", "requests~=2.32", "virtualenv", "/v"), true, installed);
        assertThat(upgrade.change().details()).containsExactly("install requests~=2.32 (installed 2.31.0)");
        assertThat(plan(Map.of("name", "requests", "version", "2.31.0", "virtualenv", "/v"), true, installed)
                .change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void absentUninstallsOnlyWhatIsThere() {
        Planned p = plan(Map.of("name", List.of("requests", "flask"), "state", "absent", "executable", "pip3.11"), true,
                Map.of("requests", "2.31.0"));
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().details()).containsExactly("uninstall requests 2.31.0");
        assertThat(p.change().steps().get(0).script()).endsWith("pip3.11 uninstall -y requests flask");
        assertThat(plan(Map.of("name", "flask", "state", "absent"), true, Map.of()).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void requirementsLatestAndPathsRunBecauseOnlyPipKnows() {
        assertThat(plan(Map.of("requirements", "/srv/app/requirements.txt", "virtualenv", "/v"), true, Map.of())
                .change().action()).isEqualTo(Action.RUN);
        assertThat(plan(Map.of("name", "requests", "state", "latest"), true, Map.of("requests", "1.0")).change().action()).isEqualTo(Action.RUN);
        assertThat(plan(Map.of("name", "/srv/wheels/opsdemo-1.0-py3-none-any.whl"), true, Map.of()).change().action()).isEqualTo(Action.RUN);
    }

    @Test
    void versionWithSeveralNamesOrWithASpecifierIsRefusedAsPipPyRefusesIt() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", List.of("a", "b"), "version", "1")))
                .isInstanceOf(ArgException.class).hasMessageStartingWith("'version' argument is ambiguous");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", "a>=1", "version", "2")))
                .isInstanceOf(ArgException.class).hasMessageStartingWith("The 'version' argument conflicts");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", "a", "virtualenv", "/v", "virtualenv_command", "python3 -m venv",
                "virtualenv_python", "python3.11"))).isInstanceOf(ArgException.class).hasMessageContaining("should not be used");
    }

    @Test
    void versionsCompareAsPep440ReleasesDo() {
        assertThat(Requirement.compare("1.10", "1.9")).isPositive();
        assertThat(Requirement.compare("2.0rc1", "2.0")).isNegative();
        assertThat(Requirement.parse("x==1.4.*").satisfiedBy("1.4.7")).isTrue();
        assertThat(Requirement.parse("x!=1.4.*").satisfiedBy("1.4.7")).isFalse();
        assertThat(Requirement.parse("x~=1.4.2").satisfiedBy("1.5")).isFalse();
    }
}
