package dev.opsctl.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lookup(), query() and the with_X loops, over files in a playbook directory and a role. */
class LookupsTest {
    static final Source AT = new Source("site.yml", 3, 7);
    final Templater templater = new Templater();
    final Map<String, Object> vars = new LinkedHashMap<>();

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(dir.resolve("files"));
        Files.createDirectories(dir.resolve("roles/web/files"));
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("files/key.pub"), "ssh-ed25519 AAA\n\n");
        Files.writeString(dir.resolve("roles/web/files/Debian.yml"), "x: 1\n");
        Files.writeString(dir.resolve("files/default.yml"), "x: 2\n");
        Files.writeString(dir.resolve("files/a.conf"), "a");
        Files.writeString(dir.resolve("files/b.conf"), "b");
        Files.writeString(dir.resolve("templates/greet.j2"), "hello {{ who }}\n");
        vars.put("playbook_dir", dir.toString());
        vars.put("who", "world");
        vars.put("os", "Debian");
    }

    Object render(String s) {
        return templater.render(s, vars, AT);
    }

    @Test
    void fileStripsTrailingWhitespaceAndEnvReadsTheController() {
        assertThat(render("{{ lookup('file', 'key.pub') }}")).isEqualTo("ssh-ed25519 AAA");
        assertThat(render("{{ lookup('env', 'PATH') }}")).isEqualTo(System.getenv("PATH"));
        assertThat(render("{{ lookup('env', 'OPSCTL_SURELY_UNSET') }}")).isEqualTo("");
    }

    @Test
    void templateRendersWithTheTasksVariables() {
        assertThat(render("{{ lookup('template', 'greet.j2') }}")).isEqualTo("hello world\n");
    }

    @Test
    void firstFoundPrefersTheRoleThenThePlaybookAndCanSkip() {
        Path debian = dir.resolve("roles/web/files/Debian.yml");
        vars.put("role_path", dir.resolve("roles/web").toString());
        assertThat(render("{{ lookup('first_found', [os + '.yml', 'default.yml']) }}")).isEqualTo(debian.toString());
        vars.put("os", "RedHat");
        assertThat(render("{{ lookup('first_found', [os + '.yml', 'default.yml']) }}")).isEqualTo(dir.resolve("files/default.yml").toString());
        assertThat(render("{{ query('first_found', {'files': ['nope.yml'], 'skip': true}) }}")).isEqualTo(List.of());
        assertThatThrownBy(() -> render("{{ lookup('first_found', ['nope.yml']) }}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("No file was found");
    }

    @Test
    void fileglobAndQueryReturnLists() {
        assertThat(render("{{ query('fileglob', '*.conf') }}"))
                .isEqualTo(List.of(dir.resolve("files/a.conf").toString(), dir.resolve("files/b.conf").toString()));
        assertThat(render("{{ lookup('fileglob', '*.conf') }}"))
                .isEqualTo(dir.resolve("files/a.conf") + "," + dir.resolve("files/b.conf"));
        assertThat(render("{{ q('env', 'PATH') }}")).isEqualTo(List.of(System.getenv("PATH")));
    }

    @Test
    void anUnknownLookupIsAnErrorNamingIt() {
        assertThatThrownBy(() -> render("{{ lookup('password', '/tmp/x') }}")).isInstanceOf(TemplateException.class)
                .hasMessageContaining("unsupported lookup 'password'");
    }

    @Test
    void loopLookupsGiveAnsiblesItems() {
        vars.put("users", Map.of("alice", 1));
        assertThat(templater.loopLookup("dict", "{{ users }}", vars, AT)).isEqualTo(List.of(Map.of("key", "alice", "value", 1)));
        assertThat(templater.loopLookup("together", List.of(List.of(1, 2), List.of("a")), vars, AT))
                .isEqualTo(List.of(List.of(1, "a"), java.util.Arrays.asList(2, null)));
        assertThat(templater.loopLookup("nested", List.of(List.of(1, 2), List.of("a", "b")), vars, AT))
                .isEqualTo(List.of(List.of(1, "a"), List.of(1, "b"), List.of(2, "a"), List.of(2, "b")));
        Map<String, Object> alice = Map.of("name", "alice", "keys", List.of("k1", "k2"));
        vars.put("people", List.of(alice));
        assertThat(templater.loopLookup("subelements", List.of("{{ people }}", "keys"), vars, AT))
                .isEqualTo(List.of(List.of(alice, "k1"), List.of(alice, "k2")));
        assertThat(templater.loopLookup("fileglob", "*.conf", vars, AT)).hasSize(2);
    }

    @Test
    void keywordArgumentsAsAnsibleWritesThem() {
        assertThat(render("{{ lookup('env', 'PATH', wantlist=True) }}")).isEqualTo(List.of(System.getenv("PATH")));
        assertThat(render("{{ lookup('first_found', ['nope.yml'], errors='ignore') | default('none', true) }}")).isEqualTo("none");
        assertThat(render("{{ lookup('env', 'OPSCTL_SURELY_UNSET', default='fallback') }}")).isEqualTo("fallback");
    }
}
