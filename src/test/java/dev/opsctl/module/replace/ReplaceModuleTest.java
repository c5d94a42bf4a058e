package dev.opsctl.module.replace;

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

class ReplaceModuleTest {
    private final ReplaceModule module = new ReplaceModule();

    @TempDir
    Path dir;

    /**
     * Each case run twice with ansible-core 2.14 ({@code ansible localhost -c local -m replace}); {@code expected} is
     * the file after the first run, {@code againChanged} whether the second run changed it again.
     */
    static Stream<Arguments> ansibleCases() {
        return Stream.of(
                Arguments.of("backref \\g<1>", "port=80\nport=81\n", Map.of("regexp", "^port=(\\d+)$", "replace", "port=\\g<1>0"), "port=800\nport=810\n", true),
                Arguments.of("default empty replace", "a # c\nb # d\n", Map.of("regexp", "\\s*#.*$"), "a\nb\n", false),
                Arguments.of("no match", "abc\n", Map.of("regexp", "zzz", "replace", "y"), "abc\n", false),
                Arguments.of("after", "x=1\n[s]\nx=2\n", Map.of("regexp", "^x=.*$", "replace", "x=9", "after", "\\[s\\]"), "x=1\n[s]\nx=9\n", false),
                Arguments.of("before", "x=1\n[s]\nx=2\n", Map.of("regexp", "^x=.*$", "replace", "x=9", "before", "\\[s\\]"), "x=9\n[s]\nx=2\n", false),
                Arguments.of("after and before", "x=1\n<a>\nx=2\n</a>\nx=3\n", Map.of("regexp", "^x=", "replace", "y=", "after", "<a>", "before", "</a>"), "x=1\n<a>\ny=2\n</a>\nx=3\n", false),
                Arguments.of("after without match", "x=1\n", Map.of("regexp", "x", "replace", "y", "after", "nomatch"), "x=1\n", false),
                Arguments.of("^ also matches after the final newline", "a\nb\n", Map.of("regexp", "^", "replace", "> "), "> a\n> b\n> ", true),
                Arguments.of("empty matches", "abxd", Map.of("regexp", "x*", "replace", "-"), "-a-b--d-", true),
                Arguments.of("\\w is Unicode", "héllo wörld\n", Map.of("regexp", "\\w+", "replace", "W"), "W W\n", false),
                Arguments.of("named groups and \\n", "k: v\n", Map.of("regexp", "^(?P<key>\\w+): (?P<val>\\w+)$", "replace", "\\g<val>\\n\\g<key>"), "v\nk\n", false),
                Arguments.of("$ before each newline", "a \nb \n", Map.of("regexp", " $", "replace", ""), "a\nb\n", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ansibleCases")
    void sameResultAsAnsible(String name, String initial, Map<String, Object> args, String expected, boolean againChanged) throws Exception {
        Path f = dir.resolve("f.txt");
        Files.writeString(f, initial);
        Map<String, Object> raw = new HashMap<>(args);
        raw.put("path", f.toString());
        HostRun host = new HostRun(dir);
        ReplaceModule.ReplaceArgs a = host.parse(module, raw);
        Planned first = host.apply(module, a);
        assertThat(Files.readString(f)).isEqualTo(expected);
        assertThat(first.change().action().isChange()).isEqualTo(!expected.equals(initial));
        assertThat(host.plan(module, a).change().action().isChange()).isEqualTo(againChanged);
    }

    @Test
    void planFromFactsCountsReplacementsAndPredictsContent() {
        ReplaceModule.ReplaceArgs a = new HostRun(dir).parse(module,
                Map.of("path", "/etc/app.conf", "regexp", "^debug=.*$", "replace", "debug=off", "mode", "0600"));
        byte[] before = "debug=on\nx=1\ndebug=yes\n".getBytes(StandardCharsets.UTF_8);
        FileQuery q = new FileQuery("/etc/app.conf", true);
        FileState.Present p = new FileState.Present(FileState.Kind.FILE, 0644, "root", "root", before.length, 1, 2, null,
                before, FileQuery.sha1(before));
        Planned planned = module.plan(a, HostRun.facts(Map.of(q, p)));
        assertThat(planned.change().action()).isEqualTo(Action.UPDATE);
        assertThat(planned.change().details()).containsExactly("2 replacements made", "content 23 -> 24 bytes", "mode 0644 -> 0600");
        FileState.Present after = (FileState.Present) planned.predicted().get(0).value();
        assertThat(after.contentText()).isEqualTo("debug=off\nx=1\ndebug=off\n");
        assertThat(module.plan(a, HostRun.facts(Map.of(q, after))).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void missingFileFailsLikeAnsible() {
        ReplaceModule.ReplaceArgs a = new HostRun(dir).parse(module, Map.of("path", "/etc/nope", "regexp", "x"));
        FileQuery q = new FileQuery("/etc/nope", true);
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(q, FileState.ABSENT))))
                .isInstanceOf(PlanException.class).hasMessage("Path /etc/nope does not exist !");
    }
}
