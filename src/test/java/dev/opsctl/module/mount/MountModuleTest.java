package dev.opsctl.module.mount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
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

/** Facts in, change out. Expected fstab bytes are what ansible.posix 1.5.4's mount writes for the same task and file. */
class MountModuleTest {
    private static final String FSTAB = "# /etc/fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n/dev/sdb1 /data xfs defaults\n\n"
            + "/swapfile none swap sw 0 0";
    private static final FileState DIR = new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 0, 1, 3, null, null, null);

    private final MountModule module = new MountModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, String fstab, Map<String, MountsQuery.Mounted> mounts, FileState at) {
        MountModule.MountArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new FileQuery(a.fstab(), true), fstab == null ? FileState.ABSENT : HostRun.file(fstab),
                new MountsQuery(), mounts, new FileQuery(a.path(), false), at)));
    }

    private static String written(Planned p) {
        for (Step s : p.change().steps()) if (s.stdin().length > 0) return new String(s.stdin(), StandardCharsets.UTF_8);
        return null;
    }

    @Test
    void presentAppendsAnEscapedLineAndBootNoAddsNoauto() {
        Planned p = plan(Map.of("path", "/mnt/my data", "src", "//srv/share&x", "fstype", "cifs", "opts", "ro", "boot", false,
                "state", "present"), FSTAB, Map.of(), FileState.ABSENT);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(written(p)).isEqualTo("# /etc/fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n/dev/sdb1 /data xfs defaults\n\n"
                + "/swapfile none swap sw 0 0\n//srv/share\\046x /mnt/my\\040data cifs ro,noauto 0 0\n");
        // present never mounts
        assertThat(p.change().steps()).hasSize(1);
    }

    @Test
    void aLineWithoutDumpAndPassnoIsRewrittenAndAnExactLineIsNoChange() {
        Map<String, Object> raw = Map.of("path", "/data", "src", "/dev/sdb1", "fstype", "xfs", "state", "present");
        Planned p = plan(raw, FSTAB, Map.of(), DIR);
        assertThat(written(p)).isEqualTo("# /etc/fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n/dev/sdb1 /data xfs defaults 0 0\n\n"
                + "/swapfile none swap sw 0 0\n");
        assertThat(plan(raw, written(p), Map.of(), DIR).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void absentFromFstabRemovesOnlySixFieldLinesAndTellsSwapLinesApartBySource() {
        Planned keep = plan(Map.of("path", "none", "src", "/other", "state", "absent_from_fstab"), FSTAB, Map.of(), FileState.ABSENT);
        assertThat(keep.change().action()).isEqualTo(Action.NO_OP);
        Planned swap = plan(Map.of("path", "none", "src", "/swapfile", "state", "absent_from_fstab"), FSTAB, Map.of(), FileState.ABSENT);
        assertThat(written(swap)).isEqualTo("# /etc/fstab\nUUID=abc / ext4 errors=remount-ro 0 1\n/dev/sdb1 /data xfs defaults\n\n");
        // "/data" has four fields: Ansible's unset_mount leaves it.
        assertThat(plan(Map.of("path", "/data", "state", "absent"), FSTAB, Map.of(), DIR).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void mountedMountsBeforeWritingFstabAndCreatesTheMountPoint() {
        Planned p = plan(Map.of("path", "/srv/cache", "src", "tmpfs", "fstype", "tmpfs", "opts", "size=1m", "state", "mounted"),
                "", Map.of(), FileState.ABSENT);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).startsWith("create directory /srv/cache", "mount tmpfs on /srv/cache (tmpfs, size=1m)");
        assertThat(p.change().steps().get(0).script()).contains("mkdir -p -- /srv/cache", "mount -t tmpfs -o size=1m -- tmpfs /srv/cache");
        assertThat(written(p)).isEqualTo("tmpfs /srv/cache tmpfs size=1m 0 0\n");
        assertThat(p.predicted()).extracting(u -> u.query().key()).contains("mounts", "file:/srv/cache", "file:/etc/fstab");
    }

    @Test
    void mountedAndInFstabIsNoChangeAndADifferentLineRemounts() {
        Map<String, MountsQuery.Mounted> mounts = Map.of("/srv/cache", new MountsQuery.Mounted("/", "tmpfs", "tmpfs", "rw"));
        Map<String, Object> raw = Map.of("path", "/srv/cache", "src", "tmpfs", "fstype", "tmpfs", "opts", "size=2m", "state", "mounted");
        assertThat(plan(raw, "tmpfs /srv/cache tmpfs size=2m 0 0\n", mounts, DIR).change().action()).isEqualTo(Action.NO_OP);
        Planned p = plan(raw, "tmpfs /srv/cache tmpfs size=1m 0 0\n", mounts, DIR);
        assertThat(written(p)).isEqualTo("tmpfs /srv/cache tmpfs size=2m 0 0\n");
        assertThat(p.change().steps()).hasSize(2);
        assertThat(p.change().steps().get(1).script()).contains("mount -o remount -- /srv/cache", "umount -- /srv/cache");
    }

    @Test
    void absentUnmountsAndRemovesTheMountPointOnlyWhenFstabHadTheLine() {
        Map<String, MountsQuery.Mounted> mounts = Map.of("/srv/cache", new MountsQuery.Mounted("/", "tmpfs", "tmpfs", "rw"));
        Planned p = plan(Map.of("path", "/srv/cache", "state", "absent"), "tmpfs /srv/cache tmpfs size=2m 0 0\n", mounts, DIR);
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().details()).contains("unmount /srv/cache", "remove directory /srv/cache");
        assertThat(p.change().details()).startsWith("fstab: remove the line for /srv/cache");
        assertThat(plan(Map.of("path", "/srv/cache", "state", "absent"), "", mounts, DIR).change().action()).isEqualTo(Action.NO_OP);
        Planned unmount = plan(Map.of("path", "/srv/cache", "state", "unmounted"), "", mounts, DIR);
        assertThat(unmount.change().steps()).singleElement().extracting(Step::script).asString().endsWith("umount -- /srv/cache");
    }

    @Test
    void ephemeralRefusesAMountPointHoldingAnotherSource() {
        Map<String, MountsQuery.Mounted> mounts = Map.of("/srv/cache", new MountsQuery.Mounted("/", "/dev/sdc1", "ext4", "rw"));
        assertThatThrownBy(() -> plan(Map.of("path", "/srv/cache", "src", "tmpfs", "fstype", "tmpfs", "state", "ephemeral"), "", mounts, DIR))
                .isInstanceOf(PlanException.class).hasMessageContaining("already mounted with a different source");
    }

    @Test
    void mountedNeedsSourceAndType() {
        assertThatThrownBy(() -> plan(Map.of("path", "/x", "state", "mounted"), "", Map.of(), DIR))
                .isInstanceOf(ArgException.class).hasMessage("state is mounted but all of the following are missing: src, fstype");
    }

    @Test
    void mountinfoIsReadAsAnsibleReadsIt() {
        Map<String, MountsQuery.Mounted> m = new MountsQuery().parse("""
                24 1 0:22 / / rw - overlay overlay rw
                42 24 0:35 / /tmp rw,nosuid - tmpfs tmpfs rw
                78 42 0:35 /aaa /tmp/b\\040b rw - tmpfs tmpfs rw
                """);
        assertThat(m.get("/tmp/b b").src()).isEqualTo("/tmp/aaa");
        assertThat(m.get("/tmp").src()).isEqualTo("/");
        assertThat(m.get("/tmp").device()).isEqualTo("tmpfs");
    }
}
