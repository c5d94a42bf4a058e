package dev.opsctl.reboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.local.PrivateDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reboot lock lives in a private directory and never writes through a planted symlink. */
class RunLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSymlinkPlantedAtTheLocksNameIsRefusedAndItsTargetIsUntouched() throws Exception {
        Path dir = PrivateDir.ensure(tmp.resolve("private"));
        Path victim = Files.writeString(tmp.resolve("victim"), "precious\n");
        Path lock = RunLock.file(dir, List.of(Path.of("inventory.yml")), "web");
        Files.createSymbolicLink(lock, victim);
        assertThatThrownBy(() -> RunLock.tryTake(lock, "opsctl reboot web")).isInstanceOf(IOException.class).hasMessageContaining("symlink");
        assertThat(victim).hasContent("precious");
        Files.delete(lock);
        try (RunLock taken = RunLock.tryTake(lock, "opsctl reboot web")) {
            assertThat(taken).isNotNull();
            assertThat(RunLock.holder(lock)).startsWith("opsctl reboot web since");
        }
    }

    @Test
    void thePrivateDirectoryIsMadeForTheUserAlone() throws Exception {
        Path dir = PrivateDir.ensure(tmp.resolve("made/here"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PrivateDir.locate(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"))).isEqualTo(Path.of("/run/user/1000/opsctl"));
        assertThat(PrivateDir.locate(Map.of("OPSCTL_RUNTIME_DIR", "/srv/x", "XDG_RUNTIME_DIR", "/run/user/1000"))).isEqualTo(Path.of("/srv/x"));
    }

    @Test
    void aDirectoryOwnedBySomeoneElseOpenToOthersOrASymlinkIsRefused() throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThatThrownBy(() -> PrivateDir.ensure(open)).hasMessageContaining("lets other users in");

        Path link = Files.createSymbolicLink(tmp.resolve("link"), PrivateDir.ensure(tmp.resolve("real")));
        assertThatThrownBy(() -> PrivateDir.ensure(link)).hasMessageContaining("symlink");

        Path theirs = PrivateDir.ensure(tmp.resolve("theirs"));
        long me = (Integer) Files.getAttribute(theirs, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        // Giving a directory away needs root, which the suite runs as (the fleet needs it too).
        assertThat(me).as("this test runs as root").isZero();
        Files.setAttribute(theirs, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);
        assertThatThrownBy(() -> PrivateDir.ensure(theirs)).hasMessageContaining("owned by uid 65534");
    }
}
