package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * File queries of a batch share one stat and one content read: every answer must still be the file's own, under dash
 * and busybox (its shell, and with "busybox-tools" its stat, base64, cat and readlink too).
 */
class FileQueryBatchTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox", "busybox-tools"})
    void eachFileGetsItsOwnAnswer(String shell) throws Exception {
        byte[] binary = new byte[70_000];
        new Random(7).nextBytes(binary);
        Path text = write("a.conf", "line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        Path spaced = write("with space *[x]", "spaced\n".getBytes(StandardCharsets.UTF_8));
        Path suffix = write("x with space *[x]", "other\n".getBytes(StandardCharsets.UTF_8));
        Path bin = write("bin", binary);
        Path empty = write("empty", new byte[0]);
        Path newline = write("new\nline", "nl".getBytes(StandardCharsets.UTF_8));
        Path big = write("big", new byte[(int) FileQuery.CONTENT_LIMIT + 1]);
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-x---"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("a.conf"));
        Files.setPosixFilePermissions(text, PosixFilePermissions.fromString("rw-r-----"));
        List<FileQuery> queries = List.of(q(text, true), q(dir.resolve("missing"), true), q(spaced, true), q(suffix, false),
                q(bin, true), q(empty, true), q(newline, true), q(big, true), q(sub, false), q(link, true), q(text.resolveSibling("a.conf"), false));
        Facts facts = gather(shell, queries);

        FileState.Present a = present(facts, queries.get(0));
        assertThat(a.kind()).isEqualTo(FileState.Kind.FILE);
        assertThat(a.mode()).isEqualTo(0640);
        assertThat(a.contentText()).isEqualTo("line one\nline two\n");
        assertThat(a.size()).isEqualTo(18);
        assertThat(a.sha1()).isEqualTo(FileQuery.sha1("line one\nline two\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(facts.get(queries.get(1))).isEqualTo(FileState.ABSENT);
        assertThat(present(facts, queries.get(2)).contentText()).isEqualTo("spaced\n");
        assertThat(present(facts, queries.get(3)).size()).isEqualTo(6);
        assertThat(present(facts, queries.get(4)).content()).isEqualTo(binary);
        assertThat(present(facts, queries.get(5)).content()).isEmpty();
        assertThat(present(facts, queries.get(6)).contentText()).isEqualTo("nl");
        FileState.Present large = present(facts, queries.get(7));
        assertThat(large.content()).isNull();
        assertThat(large.sha1()).isEqualTo(FileQuery.sha1(new byte[(int) FileQuery.CONTENT_LIMIT + 1]));
        FileState.Present d = present(facts, queries.get(8));
        assertThat(d.kind()).isEqualTo(FileState.Kind.DIRECTORY);
        assertThat(d.mode()).isEqualTo(0750);
        FileState.Present l = present(facts, queries.get(9));
        assertThat(l.kind()).isEqualTo(FileState.Kind.LINK);
        assertThat(l.linkTarget()).isEqualTo("a.conf");
        assertThat(l.content()).isNull();
        assertThat(present(facts, queries.get(10)).inode()).isEqualTo(a.inode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox", "busybox-tools"})
    void contentsReadAsTextAfterAStepAreTheFilesOwnBytes(String shell) throws Exception {
        // After a command, the fact script ends that step's script and its output is read as text: the contents come
        // as base64 there, where the gather's own exec reads them raw.
        assumeShell(shell);
        byte[] binary = new byte[5_000];
        new Random(11).nextBytes(binary);
        FileQuery qBin = q(write("bin", binary), true);
        FileQuery qText = q(write("text", "no newline at the end".getBytes(StandardCharsets.UTF_8)), true);
        FactBatch.Script script = FactBatch.script(List.of(qBin, qText), new Facts());
        List<String> sh = shell.startsWith("busybox") ? List.of("busybox", "sh") : List.of(shell);
        String path = System.getenv("PATH");
        if (shell.equals("busybox-tools")) path = busyboxTools() + ":" + path;
        String out = new ShellConnection(sh, path, dir).exec(script.text()).out();
        Facts facts = new Facts();
        script.store(out, facts);
        assertThat(present(facts, qBin).content()).isEqualTo(binary);
        assertThat(present(facts, qText).contentText()).isEqualTo("no newline at the end");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox", "busybox-tools"})
    void aFileThatComesOrGoesDuringTheBatchIsStillAnsweredRight(String shell) throws Exception {
        // Between the shared stat and a file's section, another query removes one file and creates another: the
        // stat lines no longer line up with the paths, and each query must notice and answer for its own file.
        Path gone = write("gone", "gone\n".getBytes(StandardCharsets.UTF_8));
        Path born = dir.resolve("born");
        Path stays = write("stays", "stays\n".getBytes(StandardCharsets.UTF_8));
        FactQuery<String> meddle = script("rm -f " + Shell.quote(gone.toString()) + "; printf 'newborn!\\n' > " + Shell.quote(born.toString()));
        FileQuery qGone = q(gone, true);
        FileQuery qBorn = q(born, true);
        FileQuery qStays = q(stays, true);
        Facts facts = gather(shell, List.of(meddle, qGone, qBorn, qStays));
        assertThat(facts.get(qGone)).isEqualTo(FileState.ABSENT);
        assertThat(present(facts, qBorn).contentText()).isEqualTo("newborn!\n");
        assertThat(present(facts, qStays).contentText()).isEqualTo("stays\n");
        assertThat(present(facts, qStays).size()).isEqualTo(6);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dash", "busybox"})
    void aFileThatKeepsGrowingWhileReadIsAnErrorNotAWrongContent(String shell) throws Exception {
        Path grows = write("grows", "0123456789\n".getBytes(StandardCharsets.UTF_8));
        Path other = write("other", "other\n".getBytes(StandardCharsets.UTF_8));
        FileQuery qGrows = q(grows, true);
        // Runs after the file's section has taken its size, before the shared read.
        FactQuery<String> append = script("echo more >> " + Shell.quote(grows.toString()));
        assumeShell(shell);
        assertThatThrownBy(() -> gather(shell, List.of(qGrows, append, q(other, true))))
                .isInstanceOf(TransportException.class).hasMessageContaining("changed while");
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static FileQuery q(Path p, boolean content) {
        return new FileQuery(p.toString(), content);
    }

    private static FileState.Present present(Facts facts, FileQuery q) {
        assertThat(facts.get(q)).as(q.path()).isInstanceOf(FileState.Present.class);
        return (FileState.Present) facts.get(q);
    }

    private static FactQuery<String> script(String sh) {
        return new FactQuery<>() {
            public String key() { return "script:" + sh; }
            public String script() { return sh; }
            public boolean isolated() { return false; }
            public String parse(String output) { return output; }
        };
    }

    /** Skips the test (outside an assertion, where it would count as a failure) when the shell is not installed. */
    private static void assumeShell(String shell) throws IOException {
        String program = shell.startsWith("busybox") ? "busybox" : shell;
        assumeThat(onPath(program)).as(program + " on PATH").isTrue();
    }

    private Facts gather(String shell, List<? extends FactQuery<?>> queries) throws Exception {
        assumeShell(shell);
        List<String> sh = shell.startsWith("busybox") ? List.of("busybox", "sh") : List.of(shell);
        String path = System.getenv("PATH");
        if (shell.equals("busybox-tools")) path = busyboxTools() + ":" + path;
        Facts facts = new Facts();
        FactBatch.gather(new ShellConnection(sh, path, dir), new ArrayList<>(queries), facts);
        return facts;
    }

    /** A directory whose stat, base64, cat, readlink and sha1sum run busybox's applets, first on PATH. */
    private String busyboxTools() throws IOException {
        Path bin = Files.createDirectories(dir.resolve(".busybox-bin"));
        Path busybox = Path.of(new String(new ProcessBuilder("sh", "-c", "command -v busybox").start().getInputStream().readAllBytes()).strip());
        for (String tool : List.of("stat", "base64", "cat", "readlink", "sha1sum")) {
            Path wrapper = bin.resolve(tool);
            Files.writeString(wrapper, "#!/bin/sh\nexec " + busybox + " " + tool + " \"$@\"\n");
            assertThat(wrapper.toFile().setExecutable(true)).isTrue();
        }
        return bin.toString();
    }

    private static boolean onPath(String program) throws IOException {
        return !new String(new ProcessBuilder("sh", "-c", "command -v " + program + " || true").start().getInputStream().readAllBytes()).isBlank();
    }
}
