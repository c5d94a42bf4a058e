package dev.opsctl.module.sysctl;

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

class SysctlModuleTest {
    private final SysctlModule module = new SysctlModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, FileState file, String running) {
        SysctlModule.SysctlArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new FileQuery(a.file(), true), file, new SysctlValueQuery(a.name()),
                running == null ? "" : running)));
    }

    private static String written(Planned p) {
        for (Step s : p.change().steps()) if (s.stdin().length > 0) return new String(s.stdin(), StandardCharsets.UTF_8);
        return null;
    }

    @Test
    void newKeyIsAppendedAndOtherSettingsAreNormalisedAsAnsibleRewritesThem() {
        Planned p = plan(Map.of("name", "vm.swappiness", "value", 10, "reload", false),
                HostRun.file("# tuning\nnet.ipv4.ip_forward = 1\n\nnet.ipv4.ip_forward=0\n"), "60");
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).startsWith("add vm.swappiness=10");
        assertThat(written(p)).isEqualTo("# tuning\nnet.ipv4.ip_forward=1\n\nvm.swappiness=10\n");
        assertThat(p.change().steps()).hasSize(1);
    }

    @Test
    void sameValueInFileAndKernelIsNoChangeAndAKernelMismatchReloads() {
        FileState f = HostRun.file("vm.swappiness=10\n");
        assertThat(plan(Map.of("name", "vm.swappiness", "value", "10"), f, "10").change().action()).isEqualTo(Action.NO_OP);
        Planned reload = plan(Map.of("name", "vm.swappiness", "value", "10"), f, "60");
        assertThat(reload.change().action()).isEqualTo(Action.UPDATE);
        assertThat(reload.change().details()).containsExactly("reload: sysctl -p /etc/sysctl.conf");
        assertThat(reload.change().steps()).singleElement().extracting(Step::script).asString().contains("sysctl -p -- /etc/sysctl.conf");
        // Without reload only the file counts, as in Ansible.
        assertThat(plan(Map.of("name", "vm.swappiness", "value", "10", "reload", "no"), f, "60").change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void sysctlSetWritesTheRunningValueAndBooleansBecomeDigits() {
        Planned p = plan(Map.of("name", "net.ipv4.ip_forward", "value", true, "sysctl_set", true, "reload", false,
                "sysctl_file", "/etc/sysctl.d/90-fwd.conf"), FileState.ABSENT, "0");
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).contains("running value 0 -> 1", "add net.ipv4.ip_forward=1");
        assertThat(p.change().steps().get(0).script()).endsWith("sysctl -w -- net.ipv4.ip_forward=1 >/dev/null");
        assertThat(written(p)).isEqualTo("net.ipv4.ip_forward=1\n");
        assertThat(p.predicted()).extracting(u -> u.query().key()).contains("sysctl:net.ipv4.ip_forward", "file:/etc/sysctl.d/90-fwd.conf");
    }

    @Test
    void absentRemovesTheLineAndIsNoChangeWhenMissing() {
        Planned p = plan(Map.of("name", "kernel.domainname", "state", "absent", "reload", false),
                HostRun.file("kernel.domainname = x\nvm.swappiness=1\n"), "x");
        assertThat(p.change().details()).startsWith("remove kernel.domainname=x");
        assertThat(written(p)).isEqualTo("vm.swappiness=1\n");
        assertThat(plan(Map.of("name", "kernel.domainname", "state", "absent"), HostRun.file("vm.swappiness=1\n"), "x")
                .change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void valuesCompareByWordsAndPresentNeedsAValue() {
        assertThat(SysctlModule.sameWords("4096\t16384  4194304\n", "4096 16384 4194304")).isTrue();
        assertThat(SysctlModule.sameWords(null, "1")).isFalse();
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("name", "vm.swappiness")))
                .isInstanceOf(ArgException.class).hasMessageContaining("value");
    }
}
