package dev.opsctl.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.diag.Source;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.lineinfile.LineInFileModule;
import dev.opsctl.module.replace.ReplaceModule;
import dev.opsctl.template.Templater;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The same Python pattern and replacement give the same result through every road opsctl has to Python's {@code re}:
 * the {@code regex_replace} filter, the {@code replace} module and {@code lineinfile} with {@code backrefs}; and each
 * equals what python3 itself computes (run once for all cases, below), including the cases Python rejects.
 */
class RegexAgreementTest {
    /** A pattern, a replacement and the text (also the file content for the modules). */
    record Case(String name, String pattern, String replacement, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("named groups and \\g<name>", "(?P<key>\\w+)=(?P<val>\\w+)", "\\g<val>=\\g<key>", "a=1\nbb=22\n"),
                new Case("(?P=name) backreference", "(?P<c>o)(?P=c)", "0", "foo boo\n"),
                new Case("\\1 and \\g<1>", "(\\d)(\\d)", "\\2\\g<1>0", "12 34\n"),
                new Case("two-digit group \\10 reads as group 10", "(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)", "\\10\\1", "abcdefghij\n"),
                new Case("\\Z is the very end", "o\\Z", "O", "foo\nfoo"),
                new Case("\\Z before a final newline does not match", "o\\Z", "O", "foo\n"),
                new Case("\\A is the very start", "\\Af", "F", "foo\nfoo\n"),
                new Case("$ before the final newline", "x$", "Y", "ax\nbx\n"),
                new Case("(?i) ignores case, Unicode too", "(?i)é+", "e", "ÉéÉ x\n"),
                new Case("(?m) ^ at each line", "(?m)^f", "F", "foo\nfoo\n"),
                new Case("(?s) dot crosses lines", "(?s)a.b", "X", "a\nb\n"),
                new Case("dot does not cross lines", "a.b", "X", "a\nb axb\n"),
                new Case("\\d is Unicode in a str pattern", "\\d+", "N", "x١٢٣y 42\n"),
                new Case("\\w is Unicode in a str pattern", "\\w+", "W", "héllo wörld\n"),
                new Case("a { that is no repeat is literal", "a{b", "-", "a{b a{\n"),
                new Case("{,2} is {0,2}", "x{,2}", "-", "xxxxx\n"),
                new Case("[ inside a class is literal", "[[]", "(", "a[b\n"),
                new Case("&& inside a class is literal", "[a&&b]+", "_", "a&&b c\n"),
                new Case("] first in a class is literal", "[]a]+", "_", "]a] b\n"),
                new Case("\\b word boundary", "\\bfoo\\b", "bar", "foo food\n"),
                new Case("empty matches as Python 3.7+", "x*", "-", "abxd"),
                new Case("escapes in the replacement", ",", "\\n\\t", "a,b\n"),
                new Case("an unmatched group is empty", "(a)|(b)", "[\\1\\2]", "ab\n"),
                new Case("(?#comment) and \\v", "a(?#note)\\v?b", "-", "ab a\u000bb\n"),
                new Case("bad escape \\h in the pattern", "\\h", "x", "h\n"),
                new Case("bad escape \\q in the replacement", "a", "\\q", "a\n"),
                new Case("reference to a missing group", "(a)", "\\2", "a\n"),
                new Case("unknown group name", "(?P<x>a)", "\\g<y>", "a\n"),
                new Case("global flags not at the start", "a(?i)b", "x", "ab\n"));
    }

    /** What Python computes for each case: re.sub without and with MULTILINE, and lineinfile's backrefs edit on bytes. */
    private static final String PYTHON = """
            import json, re, sys
            def attempt(f):
                try:
                    return f()
                except (re.error, IndexError) as e:
                    return {'error': str(e)}
            def lineinfile(p, r, text):
                # ansible.builtin.lineinfile present() with backrefs=yes: the last matching line, expanded; bytes
                bre = re.compile(p.encode())
                lines = text.encode().splitlines(True)
                index, m = -1, None
                for n, line in enumerate(lines):
                    found = bre.search(line)
                    if found:
                        index, m = n, found
                if index == -1:
                    return text
                new = m.expand(r.encode())
                if not new.endswith(b'\\n'):
                    new += b'\\n'
                lines[index] = new
                return b''.join(lines).decode()
            out = []
            for c in json.load(sys.stdin):
                p, r, s = c['pattern'], c['replacement'], c['text']
                out.append({'sub': attempt(lambda: re.sub(p, r, s)),
                            'multiline': attempt(lambda: re.compile(p, re.MULTILINE).sub(r, s)),
                            'lineinfile': attempt(lambda: lineinfile(p, r, s))})
            json.dump(out, sys.stdout)
            """;

    private static final Map<String, Map<String, Object>> PYTHON_RESULTS = new HashMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void askPython() throws Exception {
        List<Case> all = cases().toList();
        ObjectMapper json = new ObjectMapper();
        Process p = new ProcessBuilder("python3", "-c", PYTHON).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (var in = p.getOutputStream()) {
            in.write(json.writeValueAsBytes(all.stream().map(c -> Map.of("pattern", c.pattern(), "replacement", c.replacement(), "text", c.text())).toList()));
        }
        List<Map<String, Object>> results = json.readValue(p.getInputStream(), List.class);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("python3 exit code").isZero();
        for (int i = 0; i < all.size(); i++) PYTHON_RESULTS.put(all.get(i).name(), results.get(i));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void regexReplaceFilterAgreesWithPython(Case c) {
        Object expected = PYTHON_RESULTS.get(c.name()).get("sub");
        Object expectedMultiline = PYTHON_RESULTS.get(c.name()).get("multiline");
        assertSame(expected, () -> render(c, "{{ s | regex_replace(p, r) }}"));
        assertSame(expectedMultiline, () -> render(c, "{{ s | regex_replace(p, r, multiline=true) }}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replaceModuleAgreesWithPythonAndTheFilter(Case c) throws Exception {
        // the replace module compiles its regexp with re.MULTILINE, as the filter does with multiline=true
        Object expected = PYTHON_RESULTS.get(c.name()).get("multiline");
        assertSame(expected, () -> {
            Path f = file(c.text());
            HostRun host = new HostRun(dir);
            ReplaceModule module = new ReplaceModule();
            host.apply(module, host.parse(module, new HashMap<>(Map.of("path", f.toString(), "regexp", c.pattern(), "replace", c.replacement()))));
            return Files.readString(f);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void lineinfileBackrefsAgreeWithPython(Case c) throws Exception {
        Object expected = PYTHON_RESULTS.get(c.name()).get("lineinfile");
        assertSame(expected, () -> {
            Path f = file(c.text());
            HostRun host = new HostRun(dir);
            LineInFileModule module = new LineInFileModule();
            Map<String, Object> raw = new LinkedHashMap<>(Map.of("path", f.toString(), "regexp", c.pattern(), "line", c.replacement(), "backrefs", true));
            host.apply(module, host.parse(module, raw));
            return Files.readString(f);
        });
    }

    @FunctionalInterface
    interface Road {
        String result() throws Exception;
    }

    /** Python's text, or where Python raised re.error, an error from opsctl too (nothing written). */
    private static void assertSame(Object python, Road road) {
        if (python instanceof Map<?, ?> error) {
            assertThatThrownBy(road::result).as("Python raised: " + error.get("error")).isNotNull();
        } else {
            try {
                assertThat(road.result()).isEqualTo(python);
            } catch (Exception e) {
                throw new AssertionError("Python gives " + Python.repr(python) + ", opsctl failed: " + e.getMessage(), e);
            }
        }
    }

    private Path file(String content) throws Exception {
        Path f = dir.resolve("f.txt");
        Files.write(f, content.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    private static String render(Case c, String template) {
        Map<String, Object> vars = Map.of("s", c.text(), "p", c.pattern(), "r", c.replacement());
        return Python.str(new Templater().render(template, vars, Source.of("t.yml")));
    }
}
