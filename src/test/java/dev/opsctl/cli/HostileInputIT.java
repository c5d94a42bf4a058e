package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated hostile-input test: 50 file names × 20 contents (1,000 files) copied to two fleet hosts, each checked
 * byte for byte with SHA-256; then a plan finds nothing to change. Names carry CR, ESC, {@code $()}, backquotes,
 * quotes, leading dashes, globs, spaces and 255-byte lengths; contents carry NUL, CR, ESC, invalid UTF-8, shell and
 * here-document lookalikes, no final newline and binary data. (A name cannot hold NUL or '/'; an invalid UTF-8 name
 * cannot be written in a playbook, which is text.)
 */
@FleetHosts(2)
class HostileInputIT {
    private static Fleet fleet;

    @TempDir
    Path tmp;

    private static final List<String> NAMES = List.of(
            "plain", "with space", " leading space", "trailing space ", "-leading-dash", "--", "-rf", "-n", "$(touch x)", "`id`",
            "${HOME}", "$HOME", "'single'", "\"double\"", "mixed'\"quotes", "back\\slash", "semi;colon", "amp&rsand", "pi|pe",
            "lt<gt>", "star*", "question?", "[bracket]", "{brace}", "tilde~", "~home", "#hash", "!bang", "percent%s",
            "carriage\rreturn", "new\nline", "esc\u001b[31mred", "tab\tbed", "bell\u0007", "del\u007f", "ünïcödé",
            "日本語の名前", "emoji-\uD83D\uDE00", "rtl-\u202Eevil", "zero\u200Bwidth", ".hidden", "..dots", "a.b.c.",
            "@@opsctl-marker", "EOF", "opsctl_step", "a".repeat(251), "é".repeat(125), "x y\rz\u001b$(q)'\"-", "=equals=");

    @Test
    void aThousandHostileNamesAndContentsLandByteForByte() throws Exception {
        List<byte[]> contents = contents();
        List<Map<String, String>> cases = new ArrayList<>();
        Map<String, byte[]> expected = new LinkedHashMap<>();
        for (int n = 0; n < NAMES.size(); n++) {
            for (int c = 0; c < contents.size(); c++) {
                String name = fit(NAMES.get(n), "." + c);
                Path src = Files.write(tmp.resolve("src-" + n + "-" + c), contents.get(c));
                cases.add(Map.of("src", src.toString(), "name", name));
                expected.put(name, contents.get(c));
            }
        }
        assertThat(expected).hasSize(1000);
        Path vars = tmp.resolve("cases.yml");
        StringBuilder yaml = new StringBuilder("cases:\n");
        for (Map<String, String> k : cases) {
            yaml.append("  - {src: ").append(yamlQuoted(k.get("src"))).append(", name: ").append(yamlQuoted(k.get("name"))).append("}\n");
        }
        Files.writeString(vars, yaml);
        Path pb = Files.writeString(tmp.resolve("hostile.yml"), """
                - hosts: all
                  vars_files: ["%s"]
                  tasks:
                    - name: dir
                      file: {path: /srv/hostile, state: directory}
                    - name: hostile
                      copy: {src: "{{ item.src }}", dest: "/srv/hostile/{{ item.name }}"}
                      loop: "{{ cases }}"
                """.formatted(vars));
        Path inv = tmp.resolve("inventory.yml");
        fleet.inventory(inv);
        CliRun apply = CliRun.onFleet(fleet, "apply", pb, inv);
        assertThat(apply.exitCode()).as(apply.err() + tail(apply.out())).isZero();
        for (FleetHost h : fleet.hosts()) {
            Path dir = fleet.path(h, "/srv/hostile");
            try (var files = Files.list(dir)) {
                assertThat(files.count()).as("files on " + h.name()).isEqualTo(1000);
            }
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                Path f = dir.resolve(e.getKey());
                assertThat(WriteFaultsIT.sha256(Files.readAllBytes(f))).as(h.name() + ": " + e.getKey()).isEqualTo(WriteFaultsIT.sha256(e.getValue()));
            }
        }
        CliRun again = CliRun.onFleet(fleet, "plan", pb, inv, "--detailed-exitcode");
        assertThat(again.exitCode()).as(tail(again.out())).isZero();
        assertThat(again.out()).contains("No changes.");
    }

    /** A YAML double-quoted scalar: everything but printable ASCII escaped, so the file itself is plain ASCII. */
    private static String yamlQuoted(String value) {
        StringBuilder q = new StringBuilder("\"");
        value.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') q.append('\\').appendCodePoint(cp);
            else if (cp >= 0x20 && cp < 0x7f) q.appendCodePoint(cp);
            else if (cp <= 0xffff) q.append(String.format("\\u%04x", cp));
            else q.append(String.format("\\U%08x", cp));
        });
        return q.append('"').toString();
    }

    /** {@code base + suffix} within a file name's 255 bytes, cutting {@code base} (by whole characters) if needed. */
    private static String fit(String base, String suffix) {
        String name = base + suffix;
        while (name.getBytes(StandardCharsets.UTF_8).length > 255) {
            base = base.substring(0, base.length() - 1);
            name = base + suffix;
        }
        return name;
    }

    private static List<byte[]> contents() {
        List<byte[]> c = new ArrayList<>();
        c.add(new byte[0]);
        c.add(new byte[] {0});
        c.add("a\0b\0\n".getBytes(StandardCharsets.UTF_8));
        c.add("dos\r\nlines\r\n".getBytes(StandardCharsets.UTF_8));
        c.add("only\rcr".getBytes(StandardCharsets.UTF_8));
        c.add("\u001b[31mred\u001b[0m\n".getBytes(StandardCharsets.UTF_8));
        c.add("$(touch /tmp/opsctl-pwned) `id` ${HOME}\n".getBytes(StandardCharsets.UTF_8));
        c.add("'\"'\"\\\n".getBytes(StandardCharsets.UTF_8));
        c.add(new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'});
        c.add(new byte[] {(byte) 0x80, (byte) 0xc3, '\n'});
        c.add("no final newline".getBytes(StandardCharsets.UTF_8));
        c.add("\n".getBytes(StandardCharsets.UTF_8));
        c.add("EOF\nopsctl_step\n@@opsctl-0123-data\n".getBytes(StandardCharsets.UTF_8));
        c.add("-rf\n--\n".getBytes(StandardCharsets.UTF_8));
        c.add(("long " + "x".repeat(100_000) + "\n").getBytes(StandardCharsets.UTF_8));
        byte[] binary = new byte[4096];
        new Random(11).nextBytes(binary);
        c.add(binary);
        c.add("%s%n%d\\x00\n".getBytes(StandardCharsets.UTF_8));
        c.add("日本語\u202E\uD83D\uDE00\n".getBytes(StandardCharsets.UTF_8));
        c.add("trailing spaces   \n\t\n".getBytes(StandardCharsets.UTF_8));
        c.add("{{ not a template }}\n{% raw %}\n".getBytes(StandardCharsets.UTF_8));
        return c;
    }

    private static String tail(String s) {
        return s.length() < 4000 ? s : s.substring(s.length() - 4000);
    }
}
