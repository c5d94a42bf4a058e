package dev.opsctl.module.hostname;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.SystemdQuery;
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

class HostnameModuleTest {
    private final HostnameModule module = new HostnameModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, FileState etc, String running, boolean systemd) {
        return module.plan(new HostRun(dir).parse(module, raw), HostRun.facts(Map.of(new FileQuery("/etc/hostname", true), etc,
                new RunningHostnameQuery(), running, new SystemdQuery(), systemd)));
    }

    @Test
    void withoutSystemdTheFileIsWrittenAndTheRunningNameSet() {
        Planned p = plan(Map.of("name", "web1"), HostRun.file("old\n"), "old", false);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).contains("running name old -> web1", "permanent name old -> web1");
        assertThat(p.change().steps().get(0).script()).isEqualTo("hostname -- web1");
        assertThat(new String(p.change().steps().get(1).stdin(), StandardCharsets.UTF_8)).isEqualTo("web1\n");
    }

    @Test
    void sameNameIsNoChangeAndOnlyTheDifferingPartChanges() {
        assertThat(plan(Map.of("name", "web1"), HostRun.file("web1\n"), "web1", false).change().action()).isEqualTo(Action.NO_OP);
        Planned fileOnly = plan(Map.of("name", "web1"), FileState.ABSENT, "web1", false);
        assertThat(fileOnly.change().details()).startsWith("permanent name (none) -> web1");
        assertThat(fileOnly.change().steps()).hasSize(1);
    }

    @Test
    void systemdUsesHostnamectlForBothNames() {
        Planned p = plan(Map.of("name", "db.example.org"), HostRun.file("old\n"), "old", true);
        assertThat(p.change().steps()).extracting(Step::script).containsExactly(
                "hostnamectl --transient set-hostname -- db.example.org", "hostnamectl --pretty --static set-hostname -- db.example.org");
        Planned forced = plan(Map.of("name", "x", "use", "debian"), HostRun.file("x\n"), "y", false);
        assertThat(forced.change().steps()).extracting(Step::script).containsExactly("hostnamectl --transient set-hostname -- x");
        assertThat(module.registered(new HostRun(dir).parse(module, Map.of("name", "db.example.org")), p, null))
                .containsEntry("ansible_facts", Map.of("ansible_hostname", "db", "ansible_nodename", "db.example.org"));
    }

    @Test
    void unsupportedStrategyIsAnError() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", "x", "use", "redhat")))
                .isInstanceOf(ArgException.class).hasMessageContaining("'redhat' is not supported");
    }
}
