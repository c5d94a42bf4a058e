package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code opsctl completion bash}, sourced in a real bash, completes commands and options as bash would on Tab. */
class CompletionTest {
    @TempDir
    Path dir;

    /** What bash offers for {@code line} (the cursor at its end), after sourcing the script; bash's own complete -p first. */
    private List<String> complete(Path script, String line) throws Exception {
        String bash = """
                source "$1" || exit 9
                complete -p opsctl || exit 8
                read -r -a COMP_WORDS <<< "$2"
                case "$2" in *' ') COMP_WORDS+=(""); esac
                COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
                _complete_opsctl opsctl 2>/dev/null
                printf '%s\\n' "${COMPREPLY[@]}"
                """;
        Process p = new ProcessBuilder("bash", "--norc", "-c", bash, "bash", script.toString(), line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).startsWith("complete ").endsWith(" opsctl");
        return lines.subList(1, lines.size());
    }

    @Test
    void bashCompletesSubcommandsAndTheirOptions() throws Exception {
        CliRun r = CliRun.of("completion", "bash");
        assertThat(r.exitCode()).as(r.err()).isZero();
        Path script = Files.writeString(dir.resolve("opsctl.bash"), r.out());

        assertThat(complete(script, "opsctl pl")).containsExactly("plan");
        assertThat(complete(script, "opsctl ")).contains("plan", "apply", "inventory", "help", "completion");
        assertThat(complete(script, "opsctl plan --det")).containsExactly("--detailed-exitcode");
        assertThat(complete(script, "opsctl inventory gr")).containsExactly("graph");
        assertThat(complete(script, "opsctl inventory graph --inv")).containsExactly("--inventory");
        assertThat(complete(script, "opsctl completion ")).containsExactlyInAnyOrder("bash", "zsh");
    }

    @Test
    void theZshScriptLoadsBashCompletionSupport() {
        CliRun r = CliRun.of("completion", "zsh");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("ZSH_VERSION").contains("bashcompinit").contains("complete -F _complete_opsctl");
        assertThat(CliRun.of("completion", "fish").exitCode()).isEqualTo(3);
    }
}
