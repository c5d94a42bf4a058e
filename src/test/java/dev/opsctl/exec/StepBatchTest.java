package dev.opsctl.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.plan.Step;
import dev.opsctl.transport.LocalConnection;
import dev.opsctl.transport.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StepBatchTest {
    @TempDir
    Path dir;

    @Test
    void runsStepsInOrderInOneExecWithTheirOwnInput() throws Exception {
        byte[] binary = new byte[300_000];
        new Random(1).nextBytes(binary);
        LocalConnection conn = new LocalConnection("local");
        List<StepBatch.Outcome> out = StepBatch.run(conn, List.of(
                new Step("mkdir -p '" + dir + "/d'"),
                new Step("cat > '" + dir + "/d/bin'", binary),
                new Step("printf 'multi\\nline\\n'\ncat > '" + dir + "/d/txt'", "text\n".getBytes())));
        assertThat(conn.counter().execs()).isEqualTo(1);
        assertThat(out).extracting(StepBatch.Outcome::exitCode).containsExactly(0, 0, 0);
        assertThat(out.get(2).output()).isEqualTo("multi\nline");
        assertThat(Files.readAllBytes(dir.resolve("d/bin"))).isEqualTo(binary);
        assertThat(Files.readString(dir.resolve("d/txt"))).isEqualTo("text\n");
    }

    @Test
    void aStepStreamedFromAFileRunsAloneAndItsContentArrivesWhole() throws Exception {
        byte[] big = new byte[3 << 20];
        new Random(2).nextBytes(big);
        Path src = Files.write(dir.resolve("src"), big);
        LocalConnection conn = new LocalConnection("local");
        StepBatch.Finished done = StepBatch.run(conn, List.of(new Step("mkdir -p '" + dir + "/s'")),
                new Step("cat > '" + dir + "/s/big' && echo written", Payload.file(src)), null);
        // The batch, then the streamed step as an exec of its own rather than base64 inside the batch's script.
        assertThat(conn.counter().execs()).isEqualTo(2);
        assertThat(done.outcomes()).extracting(StepBatch.Outcome::exitCode).containsExactly(0);
        assertThat(done.last().exitCode()).isZero();
        assertThat(done.last().out()).isEqualTo("written\n");
        assertThat(Files.readAllBytes(dir.resolve("s/big"))).isEqualTo(big);
    }

    @Test
    void stopsAtTheFirstFailureAndSaysWhatItPrinted() throws Exception {
        List<StepBatch.Outcome> out = StepBatch.run(new LocalConnection("local"), List.of(
                new Step("touch '" + dir + "/one'"),
                new Step("echo nope >&2; exit 3"),
                new Step("touch '" + dir + "/three'")));
        assertThat(out.get(0).exitCode()).isZero();
        assertThat(out.get(1).exitCode()).isEqualTo(3);
        assertThat(out.get(1).output()).isEqualTo("nope");
        assertThat(out.get(2).exitCode()).isNull();
        assertThat(dir.resolve("one")).exists();
        assertThat(dir.resolve("three")).doesNotExist();
    }

    @Test
    void textInputGoesAsItIsAndStillArrivesExactly() throws Exception {
        // Text a here-document carries exactly, whatever the shell would make of it elsewhere; and text that does not
        // end in a newline, CRLF lines and invalid UTF-8, which must still arrive unchanged (through base64).
        String tricky = "$HOME `id` $(id) \\ \\n\ttab\nEOF\n'quote' \"dq\"\n\n";
        byte[] noNewline = "no newline at the end".getBytes();
        byte[] crlf = "one\r\ntwo\r\n".getBytes();
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, '\n'};
        LocalConnection conn = new LocalConnection("local");
        List<StepBatch.Outcome> out = StepBatch.run(conn, List.of(
                new Step("cat > '" + dir + "/tricky'", tricky.getBytes()),
                new Step("cat > '" + dir + "/nonl'", noNewline),
                new Step("cat > '" + dir + "/crlf'", crlf),
                new Step("cat > '" + dir + "/latin1'", latin1)));
        assertThat(out).extracting(StepBatch.Outcome::exitCode).containsExactly(0, 0, 0, 0);
        assertThat(Files.readString(dir.resolve("tricky"))).isEqualTo(tricky);
        assertThat(Files.readAllBytes(dir.resolve("nonl"))).isEqualTo(noNewline);
        assertThat(Files.readAllBytes(dir.resolve("crlf"))).isEqualTo(crlf);
        assertThat(Files.readAllBytes(dir.resolve("latin1"))).isEqualTo(latin1);
        assertThat(StepBatch.hereDocText(tricky.getBytes())).isEqualTo(tricky);
        assertThat(StepBatch.hereDocText(noNewline)).isNull();
        assertThat(StepBatch.hereDocText(latin1)).isNull();
    }

    @Test
    void aLastStepKeepsItsOwnStdoutStderrAndExitCodeAndTheScriptAfterItRunsEvenWhenItFails() throws Exception {
        LocalConnection conn = new LocalConnection("local");
        StepBatch.Finished f = StepBatch.run(conn, List.of(new Step("echo first; touch '" + dir + "/one'")),
                new Step("echo out; echo err >&2; exit 3"), "echo after; ls '" + dir + "'");
        assertThat(conn.counter().execs()).isEqualTo(1);
        assertThat(f.outcomes()).extracting(StepBatch.Outcome::exitCode).containsExactly(0);
        assertThat(f.last().exitCode()).isEqualTo(3);
        assertThat(f.last().out()).isEqualTo("out\n");
        assertThat(f.last().err()).isEqualTo("err\n");
        assertThat(f.after()).isEqualTo("after\none\n");
    }

    @Test
    void aFailingBatchedStepStopsBeforeTheLastStep() throws Exception {
        StepBatch.Finished f = StepBatch.run(new LocalConnection("local"), List.of(new Step("exit 4")),
                new Step("touch '" + dir + "/never'"), "echo after");
        assertThat(f.outcomes().get(0).exitCode()).isEqualTo(4);
        assertThat(f.last()).isNull();
        assertThat(f.after()).isNull();
        assertThat(dir.resolve("never")).doesNotExist();
    }
}
