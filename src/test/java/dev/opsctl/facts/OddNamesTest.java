package dev.opsctl.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fact parsing takes any byte in any name, and a missing or short stat line, without failing the host's gathering. */
class OddNamesTest {
    @TempDir
    Path dir;

    @Test
    void aFileSetKeepsNamesWithNewlinesSpacesAndNonAsciiBytes() throws Exception {
        // "new\nline.list" in sources.list.d once ended every host's run with "Illegal base64 character 20".
        List<String> names = List.of("new\nline.list", "two  spaces.list", "é ü.list", "-dash.list", "plain.list");
        for (String n : names) Files.writeString(dir.resolve(n), "deb http://example.org/ " + n.length() + " main\n");
        Facts facts = new Facts();
        FileSetQuery q = new FileSetQuery(List.of(dir + "/*.list"));
        FactBatch.gather(new ShellConnection(List.of("sh"), System.getenv("PATH"), dir), new ArrayList<>(List.of(q)), facts);
        Map<String, FileState.Present> files = facts.get(q);
        assertThat(files.keySet()).containsExactlyInAnyOrderElementsOf(names.stream().map(n -> dir + "/" + n).toList());
        for (String n : names) {
            assertThat(new String(files.get(dir + "/" + n).content(), StandardCharsets.UTF_8))
                    .isEqualTo("deb http://example.org/ " + n.length() + " main\n");
        }
    }

    @Test
    void aMissingStatLineLeavesTheAttributesUnknownInsteadOfFailing() {
        // What a shell without stat on its PATH prints for a directory: the kind, then an empty stat line.
        FileState state = new FileQuery("/home/u/.ssh", false).parse("directory\n");
        assertThat(state).isInstanceOf(FileState.Present.class);
        FileState.Present p = (FileState.Present) state;
        assertThat(p.kind()).isEqualTo(FileState.Kind.DIRECTORY);
        assertThat(p.mode()).isEqualTo(-1);
        assertThat(p.uid()).isEqualTo(-1);
        assertThat(new FileQuery("/x", false).parse("directory")).isInstanceOf(FileState.Present.class);
    }

    @Test
    void aLinkTargetMayHoldNewlines() {
        FileState.Present p = (FileState.Present) new FileQuery("/x", false).parse("link\n777 root root 9 1 2 0 0\nfirst\nsecond");
        assertThat(p.linkTarget()).isEqualTo("first\nsecond");
        assertThat(p.mode()).isEqualTo(0777);
    }

    @Test
    void treeLinesThatAreNotStatsAreSkipped() {
        assertThat(new TreeQuery("/x").parse("find: '-print': unknown\n755 0 0 root root directory\n-print\n")).hasSize(1);
    }
}
