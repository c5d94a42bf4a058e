package dev.opsctl.module.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.module.copy.CopyModule;
import dev.opsctl.module.lineinfile.LineInFileModule;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate:} run by a real shell: a rejected file leaves the old one in place and nothing beside it. */
class ValidationTest {
    @TempDir
    Path dir;

    private ExecResult runSteps(Planned p) throws Exception {
        ExecResult last = null;
        for (Step s : p.change().steps()) last = new LocalConnection("local").exec(s.script(), s.stdin());
        return last;
    }

    @Test
    void anAcceptedFileIsWrittenAndTheValidatorSeesTheNewContent() throws Exception {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, "old\n");
        HostRun host = new HostRun(dir);
        CopyModule copy = new CopyModule();
        // The validator gets the temp file, not the final name: it must find the new content there.
        Planned p = host.plan(copy, host.parse(copy, Map.of("content", "good\n", "dest", f.toString(),
                "validate", "grep -qx good %s")));
        ExecResult r = runSteps(p);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(f)).isEqualTo("good\n");
        assertThat(dir).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void aRejectedFileLeavesTheOldOneAndFailsWithTheValidatorsOutput() throws Exception {
        Path f = dir.resolve("sudoers");
        Files.writeString(f, "keep\n");
        HostRun host = new HostRun(dir);
        LineInFileModule lif = new LineInFileModule();
        Planned p = host.plan(lif, host.parse(lif, Map.of("path", f.toString(), "line", "bad line",
                "validate", "sh -c 'echo \"rejected $0\"; exit 3' %s")));
        ExecResult r = runSteps(p);
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).startsWith("failed to validate: rejected " + dir + "/.opsctl.");
        assertThat(Files.readString(f)).isEqualTo("keep\n");
        assertThat(dir).isDirectoryNotContaining("glob:**/.opsctl.*");
    }

    @Test
    void aPercentSInsideAWordAndALiteralPercentAreKept() throws Exception {
        Path f = dir.resolve("x.conf");
        HostRun host = new HostRun(dir);
        CopyModule copy = new CopyModule();
        Planned p = host.plan(copy, host.parse(copy, Map.of("content", "x\n", "dest", f.toString(),
                "validate", "sh -c '[ \"$0\" = \"100%\" ] && [ -f \"${1#--file=}\" ]' 100%% --file=%s")));
        ExecResult r = runSteps(p);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(f)).isEqualTo("x\n");
    }

    @Test
    void aValidatorWithoutPercentSIsRefusedAsAnsibleRefusesIt() {
        CopyModule copy = new CopyModule();
        assertThatThrownBy(() -> new HostRun(dir).parse(copy, Map.of("content", "x", "dest", "/tmp/x", "validate", "visudo -c")))
                .isInstanceOf(ArgException.class).hasMessage("validate must contain %s: visudo -c");
    }
}
