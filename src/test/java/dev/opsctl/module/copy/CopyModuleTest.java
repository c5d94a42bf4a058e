package dev.opsctl.module.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopyModuleTest {
    private final CopyModule module = new CopyModule();

    @TempDir
    Path dir;

    private static FileState.Present file(String text, int mode) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileState.Present(FileState.Kind.FILE, mode, "root", "root", b.length, 1, 2, null, b, FileQuery.sha1(b), 0, 0);
    }

    private static FileState.Present directory() {
        return new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 4096, 1, 3, null, null, null, 0, 0);
    }

    @Test
    void newFileIsACreateWithTheWholeContentAsDiff() {
        dev.opsctl.module.files.FileContent a = new HostRun(dir).parse(module, Map.of("dest", "/etc/app.conf", "content", "a\nb\n", "mode", 0640));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), FileState.ABSENT,
                new FileQuery("/etc", false), directory())));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().summary()).isEqualTo("file /etc/app.conf");
        assertThat(p.change().details()).containsExactly("content 4 bytes", "mode 0640");
        assertThat(p.change().diff()).contains("+++ after: /etc/app.conf", "+a", "+b");
        FileState.Present after = (FileState.Present) p.predicted().get(0).value();
        assertThat(after.mode()).isEqualTo(0640);
        assertThat(after.contentText()).isEqualTo("a\nb\n");
    }

    @Test
    void newFileAppliedHasItsContentAndModeAndNoTemporaryFileIsLeft() throws Exception {
        Path dest = dir.resolve("app.conf");
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("dest", dest.toString(), "content", "a\nb\n", "mode", 0640));
        assertThat(host.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(dest)).isEqualTo("a\nb\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-r-----");
        try (var left = Files.list(dir)) {
            assertThat(left).containsExactly(dest);
        }
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void changedContentKeepsModeAndShowsAUnifiedDiff() {
        dev.opsctl.module.files.FileContent a = new HostRun(dir).parse(module, Map.of("dest", "/etc/app.conf", "content", "a\nc\n"));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), file("a\nb\n", 0600),
                new FileQuery("/etc", false), directory())));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).singleElement().asString().startsWith("content (sha1 ");
        assertThat(p.change().diff()).isEqualTo("--- before: /etc/app.conf\n+++ after: /etc/app.conf\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
        assertThat(((FileState.Present) p.predicted().get(0).value()).mode()).isEqualTo(0600);
    }

    @Test
    void sameContentAndModeIsNoOp() {
        dev.opsctl.module.files.FileContent a = new HostRun(dir).parse(module, Map.of("dest", "/etc/app.conf", "content", "a\n", "owner", "0"));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), file("a\n", 0644),
                new FileQuery("/etc", false), directory())));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().details()).containsExactly("content already matches; attributes match");
    }

    @Test
    void missingParentDirectoryFailsWithAnsiblesMessage() {
        dev.opsctl.module.files.FileContent a = new HostRun(dir).parse(module, Map.of("dest", "/nope/app.conf", "content", "a"));
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(new FileQuery("/nope/app.conf", true), FileState.ABSENT,
                new FileQuery("/nope", false), FileState.ABSENT))))
                .isInstanceOf(PlanException.class).hasMessage("Destination directory /nope does not exist");
    }

    @Test
    void forceNoLeavesAnExistingFileAlone() {
        dev.opsctl.module.files.FileContent a = new HostRun(dir).parse(module, Map.of("dest", "/etc/app.conf", "content", "new", "force", "no"));
        Planned p = module.plan(a, HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), file("old", 0644),
                new FileQuery("/etc", false), directory())));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void argumentErrors() {
        HostRun host = new HostRun(dir);
        assertThatThrownBy(() -> host.parse(module, Map.of("dest", "/x", "content", "a", "src", "f")))
                .isInstanceOf(ArgException.class).hasMessage("src and content are mutually exclusive");
        assertThatThrownBy(() -> host.parse(module, Map.of("dest", "/x/", "content", "a")))
                .hasMessage("can not use content with a dir as dest");
        assertThatThrownBy(() -> host.parse(module, Map.of("dest", "/x", "src", "files/")))
                .hasMessageContaining("copying a directory");
        assertThatThrownBy(() -> host.parse(module, Map.of("dest", "/x", "content", "a", "mode", "u=banana")))
                .hasMessage("argument 'mode': invalid mode 'u=banana'");
    }

    @Test
    void copiesIntoAnExistingDirectoryAndIsIdempotent() throws Exception {
        Files.writeString(dir.resolve("motd"), "hello\n");
        Path target = Files.createDirectory(dir.resolve("etc"));
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("src", "motd", "dest", target.toString(), "mode", "u=rw,g=r,o="));
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(Files.readString(target.resolve("motd"))).isEqualTo("hello\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("motd")))).isEqualTo("rw-r-----");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void trailingSlashCreatesTheDirectory() throws Exception {
        Files.writeString(dir.resolve("motd"), "hello\n");
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("src", "motd", "dest", dir.resolve("new/sub") + "/"));
        host.apply(module, a);
        assertThat(Files.readString(dir.resolve("new/sub/motd"))).isEqualTo("hello\n");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void overwriteKeepsModeAndOwnerAndChangesOwnerWhenAsked() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "old\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("content", "new\n", "dest", f.toString()));
        host.apply(module, a);
        assertThat(Files.readString(f)).isEqualTo("new\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");

        dev.opsctl.module.files.FileContent owned = host.parse(module, Map.of("content", "new\n", "dest", f.toString(), "owner", "daemon", "group", "1"));
        Planned p = host.apply(module, owned);
        assertThat(p.change().details()).containsExactly("owner root -> daemon", "group root -> 1");
        assertThat(Files.getOwner(f).getName()).isEqualTo("daemon");
        assertThat(host.plan(module, owned).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void replacesASymlinkAtDestWithAFile() throws Exception {
        Path real = Files.writeString(dir.resolve("real"), "x\n");
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        HostRun host = new HostRun(dir);
        dev.opsctl.module.files.FileContent a = host.parse(module, Map.of("content", "x\n", "dest", link.toString()));
        Planned p = host.apply(module, a);
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(Files.isSymbolicLink(link)).isFalse();
        assertThat(Files.readString(link)).isEqualTo("x\n");
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }
}
