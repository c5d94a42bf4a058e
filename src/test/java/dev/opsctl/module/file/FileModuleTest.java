package dev.opsctl.module.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.TreeQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModuleTest {
    private final FileModule module = new FileModule();

    @TempDir
    Path dir;

    private FileModule.FileArgs args(Map<String, Object> raw) {
        return new HostRun(dir).parse(module, raw);
    }

    private static FileState.Present entry(FileState.Kind kind, int mode) {
        return new FileState.Present(kind, mode, "root", "root", 0, 1, 2, null, null, null, 0, 0);
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    // --- fixtures: facts in, change out

    @Test
    void existingDirectoryWithTheModeIsNoOpWithAReason() {
        FileModule.FileArgs a = args(Map.of("path", "/srv/app", "state", "directory", "mode", "0755"));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/app", false), entry(FileState.Kind.DIRECTORY, 0755))));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().details()).containsExactly("already a directory with mode 0755");
    }

    @Test
    void aDirectoryMadeWithItsParentsPredictsTheParentsTheHostLacked() {
        // file /root/hello/lib then copy into /root/hello: the copy must see /root/hello made (it failed at apply).
        FileModule.FileArgs a = args(Map.of("path", "/root/hello/lib", "state", "directory", "mode", "0750"));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/root/hello/lib", false), FileState.ABSENT,
                new FileQuery("/root/hello", false), FileState.ABSENT, new FileQuery("/root", false), entry(FileState.Kind.DIRECTORY, 0700))));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.predicted()).anyMatch(u -> u.query().equals(new FileQuery("/root/hello", false))
                && u.value() instanceof FileState.Present d && d.kind() == FileState.Kind.DIRECTORY && d.mode() == 0750);
        // A parent that exists keeps what was read of it.
        assertThat(p.predicted()).noneMatch(u -> u.query().equals(new FileQuery("/root", false)));
    }

    @Test
    void modeAndOwnerChangesAreUpdatesWithOneLineEach() {
        FileModule.FileArgs a = args(Map.of("path", "/srv/app", "mode", 0750, "owner", "app"));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/app", false), entry(FileState.Kind.DIRECTORY, 0755))));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().summary()).isEqualTo("directory /srv/app");
        assertThat(p.change().details()).containsExactly("mode 0755 -> 0750", "owner root -> app");
        FileState.Present after = (FileState.Present) p.predicted().get(0).value();
        assertThat(after.mode()).isEqualTo(0750);
        assertThat(after.owner()).isEqualTo("app");
    }

    @Test
    void numericOwnerIsComparedById() {
        FileModule.FileArgs a = args(Map.of("path", "/srv/app", "owner", "0", "group", 0));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/app", false), entry(FileState.Kind.DIRECTORY, 0755))));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void missingPathWithoutStateFailsLikeAnsible() {
        FileModule.FileArgs a = args(Map.of("path", "/nope"));
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(new FileQuery("/nope", false), FileState.ABSENT))))
                .isInstanceOf(PlanException.class).hasMessage("file (/nope) is absent, cannot continue");
    }

    @Test
    void recurseCountsEntriesBelowThatDiffer() {
        FileModule.FileArgs a = args(Map.of("path", "/srv/app", "state", "directory", "recurse", true, "mode", "u=rwX,g=rX,o="));
        List<TreeQuery.Entry> below = List.of(
                new TreeQuery.Entry(FileState.Kind.FILE, 0640, "root", "root", 0, 0),
                new TreeQuery.Entry(FileState.Kind.FILE, 0644, "root", "root", 0, 0),
                new TreeQuery.Entry(FileState.Kind.DIRECTORY, 0755, "root", "root", 0, 0),
                new TreeQuery.Entry(FileState.Kind.LINK, 0777, "root", "root", 0, 0));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/app", false), entry(FileState.Kind.DIRECTORY, 0750),
                new TreeQuery("/srv/app"), below)));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("mode of 2 entries below -> u=rwX,g=rX,o=");
    }

    @Test
    void modeAndOwnerChangesApplyToTheDirectory() throws Exception {
        Path app = Files.createDirectory(dir.resolve("app"));
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-xr-x"));
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", app.toString(), "mode", 0750, "owner", "nobody"));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.UPDATE);
        assertThat(perms(app)).isEqualTo("rwxr-x---");
        assertThat(Files.getOwner(app).getName()).isEqualTo("nobody");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void recurseAppliesTheSymbolicModeToEveryEntryBelow() throws Exception {
        Path app = Files.createDirectory(dir.resolve("app"));
        Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("rwxr-x---"));
        Path private_ = Files.writeString(app.resolve("private"), "x");
        Files.setPosixFilePermissions(private_, PosixFilePermissions.fromString("rw-r-----"));
        Path open = Files.writeString(app.resolve("open"), "x");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        Path sub = Files.createDirectory(app.resolve("sub"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path script = Files.writeString(sub.resolve("run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", app.toString(), "state", "directory", "recurse", true, "mode", "u=rwX,g=rX,o="));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.UPDATE);
        assertThat(perms(private_)).isEqualTo("rw-r-----");
        assertThat(perms(open)).isEqualTo("rw-r-----");
        assertThat(perms(sub)).isEqualTo("rwxr-x---");
        assertThat(perms(script)).as("X keeps execute where some execute bit was set").isEqualTo("rwxr-x---");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void linkSummaryAndTargetChange() {
        FileModule.FileArgs a = args(Map.of("path", "/usr/local/bin/x", "state", "link", "src", "/opt/x"));
        FileState.Present old = new FileState.Present(FileState.Kind.LINK, 0777, "root", "root", 6, 1, 2, "/opt/y", null, null, 0, 0);
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/usr/local/bin/x", false), old,
                new FileQuery("/opt/x", false), entry(FileState.Kind.FILE, 0755))));
        assertThat(p.change().summary()).isEqualTo("link /usr/local/bin/x -> /opt/x");
        assertThat(p.change().details()).containsExactly("target /opt/y -> /opt/x");
        assertThat(((FileState.Present) p.predicted().get(0).value()).linkTarget()).isEqualTo("/opt/x");
    }

    @Test
    void linkToMissingSourceNeedsForce() {
        FileModule.FileArgs a = args(Map.of("path", "/srv/x", "state", "link", "src", "missing"));
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(new FileQuery("/srv/x", false), FileState.ABSENT,
                new FileQuery("/srv/missing", false), FileState.ABSENT))))
                .hasMessage("src file does not exist, use \"force=yes\" if you really want to create the link: /srv/missing");
    }

    @Test
    void argumentErrors() {
        assertThatThrownBy(() -> args(Map.of("path", "/x", "state", "file", "recurse", true)))
                .isInstanceOf(ArgException.class).hasMessage("recurse option requires state to be 'directory'");
        assertThatThrownBy(() -> args(Map.of("path", "/x", "state", "directory", "src", "/y")))
                .hasMessage("src option requires state to be 'link' or 'hard'");
        assertThatThrownBy(() -> args(Map.of("path", "/x", "state", "folder")))
                .hasMessageStartingWith("argument 'state' must be one of");
    }

    // --- apply on this machine, then plan again: nothing to do

    @Test
    void createsNestedDirectoriesWithTheMode() throws Exception {
        Path d = dir.resolve("a/b");
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", d.toString(), "state", "directory", "mode", "0750"));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(perms(d)).isEqualTo("rwxr-x---");
        assertThat(perms(dir.resolve("a"))).as("created parents get it too, as with Ansible").isEqualTo("rwxr-x---");
        assertThat(perms(dir)).isNotEqualTo("rwxr-x---");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void recurseAppliesBelowAndThenIsNoOp() throws Exception {
        Path top = Files.createDirectories(dir.resolve("app/sub"));
        Files.writeString(top.resolve("f"), "x");
        Files.createSymbolicLink(top.resolve("l"), Path.of("f"));
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", dir.resolve("app").toString(), "state", "directory",
                "recurse", true, "mode", "u=rwX,g=rX,o=", "owner", "daemon"));
        Planned p = host.apply(module, a);
        assertThat(p.change().details()).contains("ownership of 3 entries below -> daemon");
        assertThat(perms(top.resolve("f"))).isEqualTo("rw-r-----");
        assertThat(perms(top)).isEqualTo("rwxr-x---");
        assertThat(Files.getOwner(top.resolve("f")).getName()).isEqualTo("daemon");
        assertThat(Files.getOwner(top.resolve("l"), java.nio.file.LinkOption.NOFOLLOW_LINKS).getName()).isEqualTo("daemon");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void touchChangesOnEveryRun() throws Exception {
        Path f = dir.resolve("t");
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", f.toString(), "state", "touch", "mode", "0600"));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(perms(f)).isEqualTo("rw-------");
        Planned again = host.apply(module, a);
        assertThat(again.change().action()).isEqualTo(Action.UPDATE);
        assertThat(again.change().details()).containsExactly("mtime, atime -> now");
    }

    @Test
    void absentRemovesADirectoryTree() throws Exception {
        Path d = Files.createDirectories(dir.resolve("gone/sub"));
        Files.writeString(d.resolve("f"), "x");
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", dir.resolve("gone").toString(), "state", "absent"));
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().summary()).isEqualTo("directory " + dir.resolve("gone"));
        assertThat(dir.resolve("gone")).doesNotExist();
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void symlinkIsCreatedThenRetargeted() throws Exception {
        Files.writeString(dir.resolve("v1"), "1");
        Files.writeString(dir.resolve("v2"), "2");
        Path link = dir.resolve("current");
        HostRun host = new HostRun(dir);
        FileModule.FileArgs v1 = host.parse(module, Map.of("path", link.toString(), "state", "link", "src", "v1"));
        assertThat(host.apply(module, v1).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("v1"));
        assertThat(host.plan(module, v1).change().action()).isEqualTo(Action.NO_OP);
        FileModule.FileArgs v2 = host.parse(module, Map.of("dest", link.toString(), "state", "link", "src", "v2"));
        assertThat(host.apply(module, v2).change().action()).isEqualTo(Action.UPDATE);
        assertThat(Files.readString(link)).isEqualTo("2");
        assertThat(host.plan(module, v2).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void hardLinkSharesTheInode() throws Exception {
        Path src = Files.writeString(dir.resolve("data"), "d");
        Path link = dir.resolve("hard");
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("name", link.toString(), "state", "hard", "src", src.toString()));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.isSameFile(src, link)).isTrue();
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void stateFileOnAnExistingFileSetsTheMode() throws Exception {
        Path f = Files.writeString(dir.resolve("f"), "x");
        HostRun host = new HostRun(dir);
        FileModule.FileArgs a = host.parse(module, Map.of("path", f.toString(), "mode", "a+x"));
        Planned p = host.apply(module, a);
        assertThat(p.change().details()).containsExactly("mode 0644 -> 0755");
        assertThat(perms(f)).isEqualTo("rwxr-xr-x");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }
}
