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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixture tests for copy with remote_src: facts in, plan out. */
class RemoteSrcCopyTest {
    private final CopyWithRemoteSrc module = new CopyWithRemoteSrc(new CopyModule());

    @TempDir
    Path dir;

    private static FileState.Present file(String text, int mode) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new FileState.Present(FileState.Kind.FILE, mode, "root", "root", b.length, 1, 2, null, b, FileQuery.sha1(b), 0, 0);
    }

    private static final FileState.Present DIR = new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 4096, 1, 3,
            null, null, null, 0, 0);

    private Planned plan(Map<String, Object> args, FileState src, FileState dest) {
        CopyWithRemoteSrc.CopyTask task = new HostRun(dir).parse(module, args);
        Map<FileQuery, FileState> f = new HashMap<>();
        f.put(new FileQuery("/srv/app.dist", true), src);
        f.put(new FileQuery("/etc/app.conf", true), dest);
        f.put(new FileQuery("/etc", true), DIR);
        f.put(new FileQuery("/etc", false), DIR);
        f.put(new FileQuery("/etc/app.conf/app.dist", true), FileState.ABSENT);
        f.put(new FileQuery("/etc/app.dist", true), FileState.ABSENT);
        f.put(new FileQuery("/", false), DIR);
        return module.plan(task, HostRun.facts(f));
    }

    @Test
    void aNewCopyIsACreateFromTheHostsFileWithNothingUploaded() {
        Planned p = plan(Map.of("src", "/srv/app.dist", "dest", "/etc/app.conf", "remote_src", true), file("a\n", 0600), FileState.ABSENT);
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("copy of /srv/app.dist (2 bytes, sha1 " + FileQuery.sha1("a\n".getBytes()) + ")");
        assertThat(p.change().steps()).singleElement().satisfies(s -> assertThat(s.stdin()).isEmpty());
    }

    @Test
    void theSameContentIsNoChangeAndOnlyAttributesAreFixed() {
        Planned same = plan(Map.of("src", "/srv/app.dist", "dest", "/etc/app.conf", "remote_src", "yes"), file("a\n", 0600), file("a\n", 0644));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
        Planned mode = plan(Map.of("src", "/srv/app.dist", "dest", "/etc/app.conf", "remote_src", true, "mode", "preserve"),
                file("a\n", 0600), file("a\n", 0644));
        assertThat(mode.change().details()).containsExactly("mode 0644 -> 0600");
    }

    @Test
    void aDirectoryDestGetsTheSourcesName() {
        Planned p = plan(Map.of("src", "/srv/app.dist", "dest", "/etc", "remote_src", true), file("a\n", 0600), FileState.ABSENT);
        assertThat(p.change().summary()).isEqualTo("file /etc/app.dist");
    }

    @Test
    void aMissingOrDirectorySourceFailsThePlanAndUploadOnlyArgumentsAreRefused() {
        assertThatThrownBy(() -> plan(Map.of("src", "/srv/app.dist", "dest", "/etc/app.conf", "remote_src", true), FileState.ABSENT, FileState.ABSENT))
                .isInstanceOf(PlanException.class).hasMessage("Source /srv/app.dist not found");
        assertThatThrownBy(() -> plan(Map.of("src", "/srv/app.dist", "dest", "/etc/app.conf", "remote_src", true), DIR, FileState.ABSENT))
                .isInstanceOf(PlanException.class).hasMessageContaining("copying a directory with remote_src");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("src", "/srv/a", "dest", "/etc/a", "remote_src", true, "backup", true)))
                .isInstanceOf(ArgException.class).hasMessageContaining("backup");
    }
}
