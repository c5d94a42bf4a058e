package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.json.Json;
import dev.opsctl.transport.LocalConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Local facts read by the host-facts snippet from real files on this machine: JSON, INI, executables (one failing),
 * unreadable content. The expected value is what {@code ansible localhost -m setup -a fact_path=DIR} (ansible-core
 * 2.14) printed for the same files.
 */
class LocalFactsTest {
    @TempDir
    Path dir;

    private void write(String name, String text, boolean executable) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        if (executable) Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Map<String, Object> gather(String factPath) throws Exception {
        HostFacts query = new HostFacts(Set.of("min")).withFactPath(factPath);
        Facts facts = new Facts();
        FactBatch.gather(new LocalConnection("localhost"), List.of(query), facts);
        return facts.get(query);
    }

    @Test
    void everyKindOfFactFileReadsAsAnsibleReadsIt() throws Exception {
        write("json.fact", "{\"a\": 1, \"b\": [true, null], \"c\": \"x\"}\n", false);
        write("ini.fact", "[General]\nName = Foo\nMulti: one\n  two\n\nPct=100%%\nRef=%(name)s-bar\n[DEFAULT]\nshared=yes\n# comment\n[Other]\nk=v\n", false);
        write("run.fact", "#!/bin/sh\necho \"{\\\"exec\\\": $((1+1))}\"\n", true);
        write("fail.fact", "#!/bin/sh\necho nope >&2; exit 3\n", true);
        write("bad.fact", "garbage without section\n", false);
        write("empty.fact", "", false);
        write("two.fact", "1 2", false);
        write(".hidden.fact", "{}", false);
        write("other.txt", "{}", false);
        Map<String, Object> facts = gather(dir.toString());
        String fp = dir.toString();
        assertThat(facts.get("local")).isEqualTo(Json.read("""
                {"bad": "error loading facts as JSON or ini - please check content: %1$s/bad.fact",
                 "empty": {},
                 "fail": "Failure executing fact script (%1$s/fail.fact), rc: 3, err: nope\\n",
                 "ini": {"General": {"name": "Foo", "multi": "one\\ntwo", "pct": "100%%", "ref": "Foo-bar", "shared": "yes"},
                         "Other": {"k": "v", "shared": "yes"}},
                 "json": {"a": 1, "b": [true, null], "c": "x"},
                 "run": {"exec": 2},
                 "two": "error loading facts as JSON or ini - please check content: %1$s/two.fact"}
                """.formatted(fp)));
        assertThat(List.copyOf(((Map<?, ?>) facts.get("local")).keySet())).isEqualTo(List.of("bad", "empty", "fail", "ini", "json", "run", "two"));
    }

    @Test
    void aMissingDirectoryGivesNoLocalFactsAndABadPercentGivesNoneAtAll() throws Exception {
        assertThat(gather(dir.resolve("nowhere").toString())).containsEntry("local", Map.of());
        write("ok.fact", "{\"a\": 1}", false);
        write("pct.fact", "[s]\npct=50%\n", false);
        assertThat(gather(dir.toString())).doesNotContainKey("local");
    }

    @Test
    void theDefaultPathKeepsTheKeyEveryCallerKnows() {
        assertThat(HostFacts.ALL.key()).isEqualTo("host_facts");
        assertThat(HostFacts.ALL.withFactPath("/srv/facts").key()).isEqualTo("host_facts@/srv/facts");
        assertThat(HostFacts.ALL.covers(HostFacts.MIN)).isTrue();
        assertThat(HostFacts.ALL.covers(HostFacts.MIN.withFactPath("/srv/facts"))).isFalse();
    }
}
