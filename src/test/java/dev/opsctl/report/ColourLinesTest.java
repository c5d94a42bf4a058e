package dev.opsctl.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What a terminal receives for a plan: coloured change symbols and failures, and nothing coloured inside a value. */
class ColourLinesTest {
    private static String through(String text) {
        StringWriter sink = new StringWriter();
        try (PrintWriter out = new PrintWriter(new ColourLines(sink))) {
            out.print(text);
        }
        return sink.toString();
    }

    @Test
    void symbolsAndFailuresAreColouredLineByLine() {
        String shown = through("web1:\n  + mark: file /srv/a\n  ~ conf: file /srv/b\n  - old: file /srv/c\n  > run: command: true\n"
                + "  ! broken: no such file\nweb2: unreachable: connection refused\nPlan: 1 to create\n");
        assertThat(shown).isEqualTo("web1:\n  \u001b[32m+\u001b[0m mark: file /srv/a\n  \u001b[33m~\u001b[0m conf: file /srv/b\n"
                + "  \u001b[31m-\u001b[0m old: file /srv/c\n  \u001b[36m>\u001b[0m run: command: true\n"
                + "\u001b[1;31m  ! broken: no such file\u001b[0m\n\u001b[31mweb2: unreachable: connection refused\u001b[0m\nPlan: 1 to create\n");
    }

    @Test
    void detailLinesAndValuesAreLeftAlone() {
        assertThat(through("      + not a change symbol\nweb1: done, 2 changes\n")).isEqualTo("      + not a change symbol\nweb1: done, 2 changes\n");
    }
}
