package dev.opsctl.module.blockinfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BlockInFileModuleTest {
    private final BlockInFileModule module = new BlockInFileModule();
    private static final String B = "# BEGIN ANSIBLE MANAGED BLOCK\n";
    private static final String E = "# END ANSIBLE MANAGED BLOCK\n";

    @TempDir
    Path dir;

    /** Each case run with ansible-core 2.14 ({@code ansible localhost -c local -m blockinfile}); expected = the file it left. Every second run was unchanged. */
    static Stream<Arguments> ansibleCases() {
        return Stream.of(
                Arguments.of("append at EOF", "a\nb\n", Map.of("block", "x\ny"), "a\nb\n" + B + "x\ny\n" + E),
                Arguments.of("update existing block", "a\n" + B + "old\n" + E + "z\n", Map.of("block", "new1\nnew2\n"), "a\n" + B + "new1\nnew2\n" + E + "z\n"),
                Arguments.of("empty block removes", "a\n" + B + "old\n" + E + "z\n", Map.of("block", ""), "a\nz\n"),
                Arguments.of("state absent removes", "a\n" + B + "old\n" + E + "z\n", Map.of("block", "x", "state", "absent"), "a\nz\n"),
                Arguments.of("insertbefore BOF", "a\nb\n", Map.of("block", "x", "insertbefore", "BOF"), B + "x\n" + E + "a\nb\n"),
                Arguments.of("insertafter regex last match", "[s]\na\n[s]\nb\n", Map.of("block", "x", "insertafter", "^\\[s\\]"), "[s]\na\n[s]\n" + B + "x\n" + E + "b\n"),
                Arguments.of("insertbefore regex", "a\n[s]\nb\n", Map.of("block", "x", "insertbefore", "^\\[s\\]"), "a\n" + B + "x\n" + E + "[s]\nb\n"),
                Arguments.of("insertafter no match appends", "a\n", Map.of("block", "x", "insertafter", "^zzz"), "a\n" + B + "x\n" + E),
                Arguments.of("no trailing newline", "a\nb", Map.of("block", "x"), "a\nb\n" + B + "x\n" + E),
                Arguments.of("custom marker", "a\n", Map.of("block", "x", "marker", "<!-- {mark} -->", "marker_begin", "start", "marker_end", "stop"), "a\n<!-- start -->\nx\n<!-- stop -->\n"),
                Arguments.of("create", null, Map.of("block", "x", "create", "yes"), B + "x\n" + E),
                Arguments.of("reversed markers", E + "m\n" + B + "z\n", Map.of("block", "x"), B + "x\n" + E + "z\n"),
                Arguments.of("multiline insertafter", "a\nb\nc\n", Map.of("block", "x", "insertafter", "(?m)^b\\nc"), "a\nb\nc\n" + B + "x\n" + E),
                Arguments.of("CRLF lines", "a\r\nb\r\n", Map.of("block", "x", "insertafter", "^a"), "a\r\n" + B + "x\n" + E + "b\r\n"),
                Arguments.of("only begin marker", "a\n" + B + "b\n", Map.of("block", "x"), "a\n" + B + "b\n" + B + "x\n" + E));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ansibleCases")
    void sameResultAsAnsible(String name, String initial, Map<String, Object> args, String expected) throws Exception {
        Path f = dir.resolve("f.txt");
        if (initial != null) Files.writeString(f, initial);
        Map<String, Object> raw = new HashMap<>(args);
        raw.put("path", f.toString());
        HostRun host = new HostRun(dir);
        BlockInFileModule.BlockArgs a = host.parse(module, raw);
        Planned first = host.apply(module, a);
        assertThat(Files.readString(f)).isEqualTo(expected);
        assertThat(first.change().action().isChange()).isTrue();
        assertThat(host.plan(module, a).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void planFromFactsShowsTheBlockAndPredictsContent() {
        BlockInFileModule.BlockArgs a = new HostRun(dir).parse(module, Map.of("path", "/etc/hosts", "block", "10.0.0.1 db"));
        byte[] before = "127.0.0.1 localhost\n".getBytes(StandardCharsets.UTF_8);
        FileQuery q = new FileQuery("/etc/hosts", true);
        FileState.Present p = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", before.length, 1, 2, null,
                before, FileQuery.sha1(before));
        Planned planned = module.plan(a, HostRun.facts(Map.of(q, p)));
        assertThat(planned.change().action()).isEqualTo(Action.UPDATE);
        assertThat(planned.change().details()).containsExactly("Block inserted", "content 20 -> 90 bytes");
        assertThat(planned.change().diff()).isEqualTo("""
                --- before: /etc/hosts
                +++ after: /etc/hosts
                @@ -1,1 +1,4 @@
                 127.0.0.1 localhost
                +# BEGIN ANSIBLE MANAGED BLOCK
                +10.0.0.1 db
                +# END ANSIBLE MANAGED BLOCK
                """);
        FileState.Present after = (FileState.Present) planned.predicted().get(0).value();
        assertThat(after.contentText()).isEqualTo("127.0.0.1 localhost\n" + B + "10.0.0.1 db\n" + E);
        assertThat(module.plan(a, HostRun.facts(Map.of(q, after))).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void missingFileFailsLikeAnsibleUnlessCreate() {
        BlockInFileModule.BlockArgs a = new HostRun(dir).parse(module, Map.of("path", "/etc/nope", "block", "x"));
        FileQuery q = new FileQuery("/etc/nope", true);
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(q, FileState.ABSENT))))
                .isInstanceOf(PlanException.class).hasMessage("Path /etc/nope does not exist !");
    }
}
