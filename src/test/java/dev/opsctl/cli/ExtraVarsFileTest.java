package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -e @file} with a space, as ansible-playbook takes it: the file's variables, never its words as options. */
class ExtraVarsFileTest {
    @TempDir
    Path dir;

    @Test
    void anAtFileAfterASpaceIsAVarsFile() throws Exception {
        Path vars = dir.resolve("vars.yml");
        Files.writeString(vars, "greeting: hello --limit nowhere\n");
        Path out = dir.resolve("out");
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - copy: content="{{ greeting }}" dest=%s
                """.formatted(out));
        CliRun apply = CliRun.of("apply", pb.toString(), "-e", "@" + vars);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo("hello --limit nowhere");

        Files.writeString(vars, "secret_words: [not, yaml\n");
        CliRun broken = CliRun.of("apply", pb.toString(), "-e", "@" + vars);
        assertThat(broken.exitCode()).isEqualTo(3);
        assertThat(broken.err()).contains(vars.toString()).doesNotContain("Unknown option").doesNotContain("secret_words");
    }
}
