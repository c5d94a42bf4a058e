package dev.opsctl.module.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.PathTimesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * file's modification_time/access_time and follow on real files of this machine, with the values ansible-playbook
 * (ansible-core 2.14) left for the same tasks on files laid out the same way (this machine's zone is UTC); and
 * fixtures for a host in another zone and for the errors.
 */
class FileTimesTest {
    private final FileModule module = new FileModule();

    @TempDir
    Path dir;

    private static long seconds(Path p, String attr) throws Exception {
        return ((FileTime) Files.getAttribute(p, "unix:" + attr)).toMillis() / 1000;
    }

    @Test
    void aGivenTimeIsSetOnTheLinksTargetThenIsNoChange() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Files.writeString(real.resolve("f"), "x\n");
        Files.createSymbolicLink(dir.resolve("lf"), Path.of("real/f"));
        Files.createSymbolicLink(dir.resolve("ld"), Path.of("real"));
        HostRun host = new HostRun(dir);

        FileModule.FileArgs f = host.parse(module, Map.of("path", dir.resolve("lf").toString(), "state", "file", "mode", "0600",
                "modification_time", "202001021530.45"));
        Planned p = host.apply(module, f);
        assertThat(p.change().summary()).isEqualTo("file " + real.resolve("f"));
        assertThat(p.change().details()).anyMatch(d -> d.startsWith("mtime ") && d.endsWith(" -> 1577979045 (202001021530.45)"));
        assertThat(seconds(real.resolve("f"), "lastModifiedTime")).isEqualTo(1577979045L);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real.resolve("f")))).isEqualTo("rw-------");
        assertThat(Files.isSymbolicLink(dir.resolve("lf"))).isTrue();
        assertThat(host.plan(module, f).change().action()).isEqualTo(Action.NO_OP);

        FileModule.FileArgs d = host.parse(module, Map.of("path", dir.resolve("ld").toString(), "state", "directory", "mode", "0750",
                "access_time", "2021-03-04 05:06:07", "access_time_format", "%Y-%m-%d %H:%M:%S"));
        host.apply(module, d);
        assertThat(seconds(real, "lastAccessTime")).isEqualTo(1614834367L);
        assertThat(host.plan(module, d).change().action()).isEqualTo(Action.NO_OP);

        FileModule.FileArgs keep = host.parse(module, Map.of("path", dir.resolve("lf").toString(), "state", "touch",
                "modification_time", "preserve", "access_time", "preserve"));
        assertThat(host.plan(module, keep).change().action()).isEqualTo(Action.NO_OP);

        FileModule.FileArgs noFollow = host.parse(module, Map.of("path", dir.resolve("lf").toString(), "state", "file", "follow", false));
        assertThatThrownBy(() -> host.plan(module, noFollow)).isInstanceOf(PlanException.class)
                .hasMessage("file (" + dir.resolve("lf") + ") is link, cannot continue");
    }

    @Test
    void aTimeIsReadInTheHostsZoneAndNowIsAlwaysAChange() {
        FileModule.FileArgs a = new HostRun(dir).parse(module, Map.of("path", "/srv/f", "state", "file",
                "modification_time", "202001021530.45", "access_time", "now"));
        PathTimesQuery q = new PathTimesQuery("/srv/f", true, true);
        FileState.Present file = HostRun.file("x");
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/f", false), file,
                q, new PathTimesQuery.PathTimes("/srv/f", file, new BigDecimal("1577975445"), new BigDecimal("1577975445"), "Europe/Paris"))));
        // 15:30:45 in Paris is 14:30:45 UTC: the mtime already is that, only the atime changes.
        assertThat(p.change().details()).containsExactly("atime -> now");
        assertThat(p.change().steps().get(0).script()).isEqualTo("touch -c -a -- /srv/f");
    }

    @Test
    void aTimeThatCannotParseIsAnArgumentErrorInPythonsWords() {
        assertThatThrownBy(() -> module.parse(new Args("file", Map.of("path", "/f", "modification_time", "2020-01-02")), null))
                .isInstanceOf(ArgException.class)
                .hasMessage("Error while obtaining timestamp for time 2020-01-02 using format %Y%m%d%H%M.%S: "
                        + "time data '2020-01-02' does not match format '%Y%m%d%H%M.%S'");
        assertThatThrownBy(() -> module.parse(new Args("file", Map.of("path", "/f", "state", "link", "src", "/x", "access_time", "now")), null))
                .isInstanceOf(ArgException.class);
    }
}
