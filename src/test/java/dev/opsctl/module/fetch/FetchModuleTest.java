package dev.opsctl.module.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source's state in, the controller's file out: where it goes, when it changes, and the write itself. */
class FetchModuleTest {
    private final FetchModule module = new FetchModule();

    @TempDir
    Path dir;

    private FetchModule.FetchArgs args(Map<String, Object> raw) {
        return new HostRun(dir).parse(module, raw);
    }

    private Planned plan(FetchModule.FetchArgs a, String sourceSays) {
        Planned host = module.plan(a, HostRun.facts(Map.of(new FetchSourceQuery(a.src()), new FetchSourceQuery(a.src()).parse(sourceSays))));
        return module.onController(a, host, Map.of("inventory_hostname", "web1", "playbook_dir", dir.toString()));
    }

    @Test
    void aFileGoesUnderDestHostAndSrcAndIsNoChangeOnceThere() throws Exception {
        FetchModule.FetchArgs a = args(Map.of("src", "/etc/app.conf", "dest", "fetched"));
        Planned p = plan(a, "file 4e1243bd22c66e76c2ba9eddc1f91394e57f9f83\n");
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().summary()).isEqualTo("fetch /etc/app.conf -> " + dir.resolve("fetched/web1/etc/app.conf"));
        Files.createDirectories(dir.resolve("fetched/web1/etc"));
        Files.writeString(dir.resolve("fetched/web1/etc/app.conf"), "test\n");
        assertThat(plan(a, "file 4e1243bd22c66e76c2ba9eddc1f91394e57f9f83\n").change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(a, plan(a, "file 4e1243bd22c66e76c2ba9eddc1f91394e57f9f83\n"), null))
                .containsEntry("checksum", "4e1243bd22c66e76c2ba9eddc1f91394e57f9f83").containsEntry("md5sum", "d8e8fca2dc0f896fd7cb4cb0031ba249");
    }

    @Test
    void flatNamesTheFileOrADirectoryWithASlash() throws Exception {
        Files.createDirectories(dir.resolve("out"));
        assertThat(plan(args(Map.of("src", "/etc/hostname", "dest", dir + "/out/", "flat", true)), "file abc").change().summary())
                .endsWith("-> " + dir.resolve("out/hostname"));
        assertThatThrownBy(() -> plan(args(Map.of("src", "/etc/hostname", "dest", dir + "/out", "flat", true)), "file abc"))
                .isInstanceOf(PlanException.class).hasMessageStartingWith("dest is an existing directory");
    }

    @Test
    void aSourceThatClimbsOutOfDestIsRefused() {
        assertThatThrownBy(() -> plan(args(Map.of("src", "../../../etc/passwd", "dest", dir + "/out")), "file abc"))
                .isInstanceOf(PlanException.class).hasMessageStartingWith("Detected directory traversal, expected to be contained in '" + dir.resolve("out/web1"));
    }

    @Test
    void missingOrDirectorySourcesFailUnlessToldNotTo() {
        assertThatThrownBy(() -> plan(args(Map.of("src", "/nope", "dest", "d")), "absent")).hasMessage(FetchModule.MISSING);
        assertThatThrownBy(() -> plan(args(Map.of("src", "/etc", "dest", "d")), "directory")).hasMessage(FetchModule.DIRECTORY);
        FetchModule.FetchArgs quiet = args(Map.of("src", "/nope", "dest", "d", "fail_on_missing", false));
        Planned p = plan(quiet, "absent");
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(module.registered(quiet, p, null)).containsEntry("msg", FetchModule.MISSING).containsEntry("file", "/nope");
    }

    @Test
    void theWriteIsAtomicKeepsTheModeAndLeavesNoTempFile() throws Exception {
        Path src = Files.writeString(dir.resolve("source.txt"), "fresh content\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        Path dest = Files.writeString(out.resolve("copy.txt"), "old\n");
        Files.setPosixFilePermissions(dest, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));
        ExecResult r = LocalWrite.fetch(new LocalConnection("localhost"), src.toString(), dest.toString(), true);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(dest)).isEqualTo("fresh content\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dest))).isEqualTo("rw-r-----");
        try (var names = Files.list(out)) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("copy.txt");
        }
        ExecResult missing = LocalWrite.fetch(new LocalConnection("localhost"), dir.resolve("gone").toString(), out.resolve("x").toString(), true);
        assertThat(missing.exitCode()).isNotZero();
        assertThat(out.resolve("x")).doesNotExist();
    }

    @Test
    void aPredictedFileIsWhatWillBeFetched() {
        FetchModule.FetchArgs a = args(Map.of("src", "/etc/app.conf", "dest", "fetched"));
        Planned host = module.plan(a, HostRun.facts(Map.of(new FetchSourceQuery("/etc/app.conf"), new FetchSourceQuery.Source("absent", null),
                new FileQuery("/etc/app.conf", false), HostRun.file("test\n"))));
        assertThat(host.change().action()).isEqualTo(Action.UPDATE);
    }
}
