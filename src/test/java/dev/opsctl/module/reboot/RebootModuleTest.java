package dev.opsctl.module.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.Args;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reboot module's arguments (Ansible's names, aliases and defaults), its plan, and the boot query's parser. */
class RebootModuleTest {
    private final RebootModule module = new RebootModule();

    private RebootSpec parse(Map<String, Object> raw) {
        assertThat(module.spec().check("reboot", raw)).isEmpty();
        return module.parse(new Args("reboot", raw), null);
    }

    @Test
    void defaultsAreAnsiblesAndTheCommandIsShutdownInWholeMinutes() {
        RebootSpec s = parse(Map.of());
        assertThat(s.rebootTimeout()).isEqualTo(Duration.ofSeconds(600));
        assertThat(s.connectTimeout()).isNull();
        assertThat(s.testCommand()).isEqualTo("whoami");
        assertThat(s.script()).endsWith("shutdown -r -- +0 'Reboot initiated by opsctl'");

        RebootSpec delayed = parse(Map.of("pre_reboot_delay", 150, "msg", "kernel 6.1 it's time"));
        assertThat(delayed.script()).endsWith("shutdown -r -- +2 'kernel 6.1 it'\\''s time'");
    }

    @Test
    void argumentsAndAliases() {
        RebootSpec s = parse(Map.of("reboot_timeout_sec", "30", "connect_timeout", 5, "post_reboot_delay", 2,
                "test_command", "test -e /run/ready", "reboot_command", "systemctl reboot"));
        assertThat(s.rebootTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.postRebootDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.testCommand()).isEqualTo("test -e /run/ready");
        assertThat(s.script()).isEqualTo("systemctl reboot");
    }

    @Test
    void badArgumentsAreNamed() {
        assertThat(module.spec().check("reboot", Map.of("boot_time_command", "uptime")))
                .containsExactly("unsupported argument 'boot_time_command' for module 'reboot'");
        assertThatThrownBy(() -> parse(Map.of("reboot_timeout", "ten"))).hasMessage("argument 'reboot_timeout' must be a whole number of seconds, not 'ten'");
        assertThatThrownBy(() -> parse(Map.of("reboot_timeout", 0))).hasMessageContaining("more than 0 seconds");
        assertThatThrownBy(() -> parse(Map.of("test_command", " "))).hasMessageContaining("'test_command' is empty");
    }

    @Test
    void plansAsRunWithNoSteps() {
        Change c = module.plan(parse(Map.of("reboot_timeout", 120)));
        assertThat(c.action()).isEqualTo(Action.RUN);
        assertThat(c.steps()).isEmpty();
        assertThat(c.summary()).isEqualTo("reboot (back within 120 s, then: whoami)");
    }

    @Test
    void bootQueryReadsIdTimeAndPending() {
        BootState s = BootQuery.BOOT_AND_PENDING.parse("3f1c9a0e-1111-2222-3333-444455556666\n1764633600\npending\n");
        assertThat(s).isEqualTo(new BootState("3f1c9a0e-1111-2222-3333-444455556666", Instant.ofEpochSecond(1764633600), true));
        assertThat(BootQuery.BOOT.parse("abc\n17\n").rebootPending()).isNull();
        assertThat(BootQuery.BOOT_AND_PENDING.parse("abc\n17\nclear").rebootPending()).isFalse();
        assertThatThrownBy(() -> BootQuery.BOOT.parse("")).hasMessageContaining("cannot read the boot id");
    }
}
