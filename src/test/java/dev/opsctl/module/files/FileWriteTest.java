package dev.opsctl.module.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.opsctl.facts.FileState;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The atomic write, run by a real shell: the file a user finds afterwards, and nothing left beside it. */
class FileWriteTest {
    private static final FileAttrs NONE = new FileAttrs(null, null, null);

    @TempDir
    Path dir;

    @Test
    void aNewFileGetsTheAskedModeAndContent() throws Exception {
        Path f = dir.resolve("app.conf");
        run(new FileWrite(f.toString(), bytes("a\nb\n"), new FileAttrs(new ModeSpec(0640, null), null, null), 0640,
                FileState.ABSENT, false, false));
        assertThat(Files.readString(f)).isEqualTo("a\nb\n");
        assertThat(mode(f)).isEqualTo("rw-r-----");
        assertThat(dir).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void aModeWithExecuteBitsIsSetToo() throws Exception {
        Path f = dir.resolve("run.sh");
        run(new FileWrite(f.toString(), bytes("#!/bin/sh\n"), new FileAttrs(new ModeSpec(0750, null), null, null), 0750,
                FileState.ABSENT, false, false));
        assertThat(mode(f)).isEqualTo("rwxr-x---");
    }

    @Test
    void aNewFileWithoutAModeGetsTheUmaskDefault() throws Exception {
        Path f = dir.resolve("plain");
        run(new FileWrite(f.toString(), bytes("x"), NONE, null, FileState.ABSENT, false, false));
        int umask = Integer.parseInt(new LocalConnection("local").exec("umask", new byte[0]).out().strip(), 8);
        assertThat(mode(f)).isEqualTo(PosixFilePermissions.toString(permissions(0666 & ~umask)));
    }

    @Test
    void aSymbolicModeOnANewFileAppliesOnTopOfTheUmaskDefault() throws Exception {
        Path f = dir.resolve("sym");
        run(new FileWrite(f.toString(), bytes("x\n"), new FileAttrs(new ModeSpec(null, "u=rw,g=r,o="), null, null), -1,
                FileState.ABSENT, false, false));
        assertThat(mode(f)).isEqualTo("rw-r-----");
    }

    @Test
    void aReplacedFileKeepsItsModeAndOwner() throws Exception {
        Path f = Files.writeString(dir.resolve("kept"), "old\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        FileState before = new FileState.Present(FileState.Kind.FILE, 0600, "root", "root", 4, 0, 0, null, bytes("old\n"), null, 0, 0);
        run(new FileWrite(f.toString(), bytes("new\n"), NONE, null, before, false, false));
        assertThat(Files.readString(f)).isEqualTo("new\n");
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThat(dir).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void theAskedOwnerIsSet() throws Exception {
        assumeThat(System.getProperty("user.name")).isEqualTo("root");
        Path f = dir.resolve("owned");
        run(new FileWrite(f.toString(), bytes("t\n"), new FileAttrs(new ModeSpec(0600, null), "nobody", "nogroup"), 0600,
                FileState.ABSENT, false, false));
        assertThat(Files.getOwner(f, LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("nobody");
        assertThat(mode(f)).isEqualTo("rw-------");
    }

    @Test
    void aMissingDirectoryFailsAndLeavesNothingUnlessAskedToMakeIt() throws Exception {
        Path f = dir.resolve("sub/deeper/file");
        Step step = new FileWrite(f.toString(), bytes("x\n"), NONE, null, FileState.ABSENT, false, false).step();
        ExecResult failed = new LocalConnection("local").exec(step.script(), step.stdin());
        assertThat(failed.exitCode()).isNotZero();
        assertThat(dir.resolve("sub")).doesNotExist();
        run(new FileWrite(f.toString(), bytes("x\n"), NONE, null, FileState.ABSENT, false, true));
        assertThat(Files.readString(f)).isEqualTo("x\n");
        assertThat(dir.resolve("sub/deeper")).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void aTempFileShortOfWhatWasSentIsRemovedAndTheDestinationKeepsItsContent() throws Exception {
        Path f = Files.writeString(dir.resolve("app.conf"), "old\n");
        FileState before = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", 4, 0, 0, null, bytes("old\n"), null, -1, -1);
        Step step = new FileWrite(f.toString(), bytes("new content\n"), NONE, null, before, false, false).step();
        // The input cut short, as a dropped connection leaves it: cat ends as at an end of input, with status 0.
        ExecResult r = new LocalConnection("local").exec(step.script(), bytes("new c"));
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("transfer incomplete: 5 of 12 bytes arrived");
        assertThat(Files.readString(f)).isEqualTo("old\n");
        assertThat(dir).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void aFileChangedAfterItWasPlannedIsLeftAsItIsAndTheWriteSaysWhy() throws Exception {
        Path f = Files.writeString(dir.resolve("hosts"), "a\n");
        FileState planned = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", 2, 0, 0, null, bytes("a\n"),
                dev.opsctl.facts.FileQuery.sha1(bytes("a\n")), -1, -1);
        Step step = new FileWrite(f.toString(), bytes("a\nb\n"), NONE, null, planned, false, false).step();
        Files.writeString(f, "a\nappended by another process\n");
        ExecResult r = new LocalConnection("local").exec(step.script(), step.stdin());
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("changed since planned: the content of " + f);
        assertThat(Files.readString(f)).isEqualTo("a\nappended by another process\n");
        assertThat(dir).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void aFilePlannedAsAbsentThatAppearedIsNotReplaced() throws Exception {
        Path f = dir.resolve("new.conf");
        Step step = new FileWrite(f.toString(), bytes("ours\n"), NONE, null, FileState.ABSENT, false, false).step();
        Files.writeString(f, "theirs\n");
        ExecResult r = new LocalConnection("local").exec(step.script(), step.stdin());
        assertThat(r.err()).contains("changed since planned: " + f + " was created");
        assertThat(Files.readString(f)).isEqualTo("theirs\n");
    }

    private static void run(FileWrite write) throws Exception {
        Step step = write.step();
        ExecResult r = new LocalConnection("local").exec(step.script(), step.stdin());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String mode(Path f) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(f, LinkOption.NOFOLLOW_LINKS));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder s = new StringBuilder();
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) s.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
        return PosixFilePermissions.fromString(s.toString());
    }
}
