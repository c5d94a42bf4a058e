package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML as Ansible loads it, and hostile YAML refused: an alias bomb, 10,000-deep nesting, bytes that are not UTF-8 and
 * Python object tags each end in one clear error with file:line, exit 3, no stack trace and nothing changed; many
 * aliases, big files and duplicate keys (a warning) load as in Ansible.
 */
class HostileYamlTest {
    @TempDir
    Path dir;

    private Path playbookWithVarsFile(String varsText) throws Exception {
        Files.writeString(dir.resolve("vars.yml"), varsText);
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, """
                - hosts: localhost
                  gather_facts: false
                  vars_files: [vars.yml]
                  tasks:
                    - copy: content=x dest=%s
                """.formatted(dir.resolve("marker")));
        return pb;
    }

    private void refused(Path pb, String expected) {
        for (String command : new String[] {"validate", "apply"}) {
            CliRun run = CliRun.of(command, pb.toString());
            assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(3);
            assertThat(run.err()).contains(expected).doesNotContain("internal error").doesNotContain("\tat ");
        }
        assertThat(dir.resolve("marker")).as("nothing changed").doesNotExist();
    }

    @Test
    void anAliasBombIsRefusedBeforeItIsExpanded() throws Exception {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [").append(("*a" + (i - 1) + ", ").repeat(8)).append("*a").append(i - 1).append("]\n");
        }
        refused(playbookWithVarsFile(yaml.toString()), dir.resolve("vars.yml") + ":1:1: its aliases expand to more than 10000000 values");
    }

    @Test
    void deepNestingIsAnErrorAtItsLine() throws Exception {
        refused(playbookWithVarsFile("ok: 1\nx: " + "[".repeat(10_000) + "]".repeat(10_000) + "\n"),
                dir.resolve("vars.yml") + ":2:503: nested deeper than 500 levels");
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorAtTheirLine() throws Exception {
        Path pb = playbookWithVarsFile("ok: 1\n");
        Files.write(dir.resolve("vars.yml"), new byte[] {'a', ':', ' ', '1', '\n', 'b', ':', ' ', 'c', 'a', 'f', (byte) 0xE9, '\n'});
        refused(pb, dir.resolve("vars.yml") + ":2: not UTF-8 text (byte 0xE9)");
    }

    @Test
    void pythonObjectTagsAreNeverConstructed() throws Exception {
        refused(playbookWithVarsFile("ok: 1\nx: !!python/object/apply:os.system [\"touch " + dir.resolve("marker") + "\"]\n"),
                dir.resolve("vars.yml") + ":2:4:");
    }

    @Test
    void manyAliasesBigFilesAndDuplicateKeysLoadAsInAnsible() throws Exception {
        StringBuilder inv = new StringBuilder("all:\n  vars:\n    base: &defaults {ansible_connection: local, port: 80}\n  hosts:\n");
        for (int i = 0; i < 300; i++) inv.append("    h").append(i).append(":\n      <<: *defaults\n      n: ").append(i).append('\n');
        Path inventory = dir.resolve("inventory.yml");
        Files.writeString(inventory, inv);
        // About 4 MB of variables: SnakeYAML's default limit was 3 MB.
        StringBuilder big = new StringBuilder("same: 1\nsame: 2\n");
        for (int i = 0; i < 100_000; i++) big.append("v").append(i).append(": ").append("x".repeat(32)).append('\n');
        Path pb = playbookWithVarsFile(big.toString());
        CliRun validate = CliRun.of("validate", pb.toString(), "-i", inventory.toString());
        assertThat(validate.exitCode()).as(validate.out() + validate.err()).isZero();
        assertThat(validate.err()).contains("warning: " + dir.resolve("vars.yml") + ":2:1: duplicate key 'same' (the last one wins, as in Ansible)");
        CliRun hosts = CliRun.of("inventory", "-i", inventory.toString(), "list");
        assertThat(hosts.out().lines().count()).isEqualTo(300);
    }
}
