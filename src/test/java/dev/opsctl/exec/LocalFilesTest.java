package dev.opsctl.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.template.Templater;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A host's template is rendered once for the same variables, and again whenever they differ. */
class LocalFilesTest {
    @TempDir
    Path dir;

    private final Templater templater = new Templater();
    private final Map<LocalFiles.RenderKey, String> rendered = new HashMap<>();

    @Test
    void theSameVariablesReuseTheRenderAndOtherValuesRenderAgain() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/t.j2"), "port={{ port }} {{ workers | join(',') }}\n");
        List<String> workers = List.of("a", "b");
        String first = files(vars("port", 8080, "workers", workers)).renderTemplate("t.j2");
        assertThat(first).isEqualTo("port=8080 a,b\n");
        // A new map of the same values (as each task's variables are built): the same render, not a second one.
        assertThat(files(vars("port", 8080, "workers", workers)).renderTemplate("t.j2")).isSameAs(first);
        assertThat(files(vars("port", 9090, "workers", workers)).renderTemplate("t.j2")).isEqualTo("port=9090 a,b\n");
        assertThat(files(vars("port", 8080, "workers", List.of("c"))).renderTemplate("t.j2")).isEqualTo("port=8080 c\n");
        Files.writeString(dir.resolve("templates/t.j2"), "changed {{ port }}\n");
        assertThat(files(vars("port", 8080, "workers", workers)).renderTemplate("t.j2")).isEqualTo("changed 8080\n");
    }

    @Test
    void aRenderWithFactStandInsIsNeverReused() throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/t.j2"), "[{{ ansible_default_ipv4 }}]\n");
        files(vars("ansible_default_ipv4", FactStandIn.INSTANCE)).renderTemplate("t.j2");
        // An empty dict equals the stand-in as a map; the real fact must still be rendered.
        assertThat(files(vars("ansible_default_ipv4", Map.of())).renderTemplate("t.j2")).isEqualTo("[{}]\n");
    }

    private LocalFiles files(Map<String, Object> vars) {
        return new LocalFiles(java.util.List.of(dir), templater, vars, new HashSet<>(), rendered);
    }

    private static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
