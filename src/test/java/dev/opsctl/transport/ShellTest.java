package dev.opsctl.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {
    @Test
    void quotedWordsSurviveTheShellUnchanged() throws Exception {
        List<String> nasty = List.of("plain", "with space", "it's", "$HOME", "`id`", "a;b", "", "\"q\"", "new\nline", "*");
        LocalConnection sh = new LocalConnection("local");
        for (String word : nasty) {
            ExecResult r = sh.exec(Shell.command("printf", "%s", word));
            assertThat(r.out()).isEqualTo(word);
        }
    }

    @Test
    void splitReadsQuotesLikeAShell() {
        assertThat(Shell.split("echo 'a b' \"c d\" e\\ f")).containsExactly("echo", "a b", "c d", "e f");
    }

    @Test
    void localConnectionPassesStdinAndExitCode() throws Exception {
        LocalConnection sh = new LocalConnection("local");
        ExecResult r = sh.exec("cat; exit 3", "hello".getBytes());
        assertThat(r.out()).isEqualTo("hello");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(sh.counter().execs()).isEqualTo(1);
    }
}
