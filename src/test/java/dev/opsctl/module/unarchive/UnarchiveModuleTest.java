package dev.opsctl.module.unarchive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.FileAttrs;
import dev.opsctl.plan.Action;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives made with this machine's tar (and Java's zip), extracted here with the steps a host would run. */
class UnarchiveModuleTest {
    private final UnarchiveModule module = new UnarchiveModule();

    @TempDir
    Path dir;

    private HostRun run;
    private Path dest;

    @BeforeEach
    void archive() throws Exception {
        run = new HostRun(dir);
        Path tree = dir.resolve("tree/app-1.0");
        Files.createDirectories(tree.resolve("bin"));
        Files.writeString(tree.resolve("bin/run"), "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(tree.resolve("bin/run"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(tree.resolve("README"), "hello\n");
        Files.setLastModifiedTime(tree.resolve("README"), FileTime.fromMillis(1_700_000_000_000L));
        tar("app.tar.gz", "-czf");
        tar("app.tar.xz", "-cJf");
        dest = Files.createDirectories(dir.resolve("dest"));
    }

    private void tar(String name, String flags) throws Exception {
        Process p = new ProcessBuilder("tar", flags, dir.resolve(name).toString(), "-C", dir.resolve("tree").toString(), "app-1.0").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    private UnarchiveModule.UnarchiveArgs parse(Map<String, Object> raw) {
        return run.parse(module, raw);
    }

    @Test
    void aControllerTarIsExtractedThenFoundExtracted() throws Exception {
        UnarchiveModule.UnarchiveArgs a = parse(Map.of("src", "app.tar.gz", "dest", dest.toString()));
        Planned first = run.apply(module, a);
        assertThat(first.change().action()).isEqualTo(Action.CREATE);
        assertThat(first.change().details()).startsWith("extract 4 members into " + dest,
                "app-1.0: Warning: Cannot stat: No such file or directory");
        assertThat(Files.readString(dest.resolve("app-1.0/bin/run"))).isEqualTo("#!/bin/sh\necho run\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("app-1.0/bin/run")))).isEqualTo("rwxr-x---");
        assertThat(run.plan(module, a).change().action()).isEqualTo(Action.NO_OP);

        Files.writeString(dest.resolve("app-1.0/README"), "changed\n");
        Planned again = run.plan(module, a);
        assertThat(again.change().action()).isEqualTo(Action.UPDATE);
        assertThat(again.change().details()).containsExactly("extract 4 members into " + dest, "app-1.0/README: Mod time differs");
    }

    @Test
    void aDestThatLinksToADirectoryIsADirectory() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("current"), dest);
        run.apply(module, parse(Map.of("src", "app.tar.gz", "dest", link.toString())));
        assertThat(dest.resolve("app-1.0/README")).hasContent("hello");
    }

    @Test
    void stripComponentsAndModeApplyToEveryMember() throws Exception {
        UnarchiveModule.UnarchiveArgs a = parse(Map.of("src", "app.tar.gz", "dest", dest.toString(),
                "extra_opts", List.of("--strip-components=1"), "mode", "0750"));
        run.apply(module, a);
        assertThat(dest.resolve("README")).hasContent("hello");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dest.resolve("README")))).isEqualTo("rwxr-x---");
        assertThat(run.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
        Files.setPosixFilePermissions(dest.resolve("README"), PosixFilePermissions.fromString("rw-------"));
        Planned fix = run.plan(module, a);
        assertThat(fix.change().details()).containsExactly("README: mode 0600 -> 0750");
    }

    @Test
    void aRemoteArchiveIsComparedWithTarDiffAndItsCompressionFound() throws Exception {
        UnarchiveModule.UnarchiveArgs a = parse(Map.of("src", dir.resolve("app.tar.xz").toString(), "dest", dest.toString(), "remote_src", true));
        assertThat(run.apply(module, a).change().action()).isEqualTo(Action.CREATE);
        assertThat(dest.resolve("app-1.0/bin/run")).exists();
        assertThat(run.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
        Files.delete(dest.resolve("app-1.0/bin/run"));
        assertThat(run.plan(module, a).change().details()).contains("tar: app-1.0/bin/run: Warning: Cannot stat: No such file or directory");
    }

    @Test
    void zipArchivesFromTheControllerAndTheHost() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("site/"));
            z.putNextEntry(new ZipEntry("site/index.html"));
            z.write("<h1>hi</h1>\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve("site.zip"), bytes.toByteArray());
        UnarchiveModule.UnarchiveArgs local = parse(Map.of("src", "site.zip", "dest", dest.toString(), "list_files", true));
        run.apply(module, local);
        assertThat(dest.resolve("site/index.html")).hasContent("<h1>hi</h1>");
        assertThat(run.plan(module, local).change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(local, null, null)).containsEntry("files", List.of("site", "site/index.html"));
        Files.writeString(dest.resolve("site/index.html"), "<h1>ho</h1>\n");
        assertThat(run.plan(module, local).change().details()).containsExactly("extract 2 members into " + dest, "site/index.html: Contents differ");
        Path other = Files.createDirectories(dir.resolve("other"));
        UnarchiveModule.UnarchiveArgs remote = parse(Map.of("src", dir.resolve("site.zip").toString(), "dest", other.toString(), "remote_src", "yes"));
        assertThat(run.apply(module, remote).change().action()).isEqualTo(Action.CREATE);
        assertThat(other.resolve("site/index.html")).hasContent("<h1>hi</h1>");
        assertThat(run.plan(module, remote).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void createsMissingDestAndBadInput() throws Exception {
        Files.writeString(dir.resolve("done"), "");
        assertThat(run.plan(module, parse(Map.of("src", "app.tar.gz", "dest", dest.toString(), "creates", dir.resolve("done").toString())))
                .change().details()).containsExactly("skipped, since " + dir.resolve("done") + " exists");
        assertThatThrownBy(() -> run.plan(module, parse(Map.of("src", "app.tar.gz", "dest", dir.resolve("nowhere").toString()))))
                .isInstanceOf(PlanException.class).hasMessage("Destination '" + dir.resolve("nowhere") + "' is not a directory");
        assertThatThrownBy(() -> run.plan(module, parse(Map.of("src", "/no/such.tgz", "dest", dest.toString(), "remote_src", true))))
                .isInstanceOf(PlanException.class).hasMessage("Source '/no/such.tgz' does not exist");
        assertThatThrownBy(() -> parse(Map.of("src", "app.tar.xz", "dest", "/x")))
                .isInstanceOf(ArgException.class).hasMessageContaining("remote_src");
        assertThatThrownBy(() -> parse(Map.of("src", "app.tar.gz", "dest", "/x", "extra_opts", "--exclude=x")))
                .isInstanceOf(ArgException.class).hasMessageContaining("'--exclude=x' is only supported with remote_src");
    }

    @Test
    void tarDiffLinesCountAsAnsibleCountsThem() {
        RemoteArchiveQuery.Answer r = new RemoteArchiveQuery.Answer(ArchiveFormat.TAR, "ab", 0, List.of("a", "b"), Map.of(),
                List.of("a: Mode differs", "b: Size differs", "b: Mod time differs", "a: Uid differs", ": : Warning: Cannot stat: No such file or directory"),
                Map.of());
        assertThat(UnarchiveModule.tarDifferences(r, new FileAttrs(null, null, null)))
                .containsExactly("a: Mode differs", "b: Mod time differs", "a: Uid differs");
        assertThat(UnarchiveModule.tarDifferences(r, new FileAttrs(null, "app", null))).containsExactly("a: Mode differs", "b: Mod time differs");
        assertThat(RemoteArchiveQuery.permissions("-rwsr-x--T")).isEqualTo(05750);
    }
}
