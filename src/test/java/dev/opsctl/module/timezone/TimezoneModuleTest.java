package dev.opsctl.module.timezone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.SystemdQuery;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimezoneModuleTest {
    private final TimezoneModule module = new TimezoneModule();

    @TempDir
    Path dir;

    private static FileState link(String target) {
        return new FileState.Present(FileState.Kind.LINK, 0777, "root", "root", target.length(), 1, 2, target, null, null, 0, 0);
    }

    private Planned plan(String zone, FileState timezone, FileState localtime, boolean zoneExists, boolean systemd) {
        return module.plan(new HostRun(dir).parse(module, Map.of("name", zone)), HostRun.facts(Map.of(
                new FileQuery("/etc/timezone", true), timezone, new FileQuery("/etc/localtime", true), localtime,
                new FileQuery("/usr/share/zoneinfo/" + zone, true), zoneExists ? HostRun.file("TZif") : FileState.ABSENT,
                new SystemdQuery(), systemd)));
    }

    @Test
    void debianWayRewritesEtcTimezoneAndRelinksLocaltime() {
        Planned p = plan("Europe/Paris", HostRun.file("Etc/UTC\n"), link("/usr/share/zoneinfo/Etc/UTC"), true, false);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).contains("/etc/timezone Etc/UTC -> Europe/Paris",
                "/etc/localtime -> /usr/share/zoneinfo/Europe/Paris (was Etc/UTC)");
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo("Europe/Paris\n");
        assertThat(p.change().steps().get(1).script()).isEqualTo("ln -sf /usr/share/zoneinfo/Europe/Paris /etc/localtime");
    }

    @Test
    void matchingFileAndRelativeLinkIsNoChange() {
        Planned p = plan("Asia/Seoul", HostRun.file("Asia/Seoul\n"), link("../usr/share/zoneinfo/Asia/Seoul"), true, false);
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        Planned linkOnly = plan("Asia/Seoul", HostRun.file("Asia/Seoul\n"), HostRun.file("other"), true, false);
        assertThat(linkOnly.change().steps()).extracting(Step::script).containsExactly("ln -sf /usr/share/zoneinfo/Asia/Seoul /etc/localtime");
    }

    @Test
    void systemdUsesTimedatectlAndAnUnknownZoneFails() {
        Planned p = plan("Europe/Paris", FileState.ABSENT, link("/usr/share/zoneinfo/Etc/UTC"), true, true);
        assertThat(p.change().steps()).extracting(Step::script).containsExactly("timedatectl set-timezone -- Europe/Paris");
        assertThatThrownBy(() -> plan("Mars/Olympus", FileState.ABSENT, FileState.ABSENT, false, false))
                .isInstanceOf(PlanException.class).hasMessage("given timezone \"Mars/Olympus\" is not available");
    }

    @Test
    void editKeepsNonZoneLinesAndDropsExtraZoneLines() {
        assertThat(TimezoneModule.withZone("\nEtc/UTC\nOther/Zone\n", "Europe/Paris")).isEqualTo("\nEurope/Paris\n");
        assertThat(TimezoneModule.firstZone("\n  \nEtc/UTC\n")).isEqualTo("Etc/UTC");
    }
}
