package dev.opsctl.term;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EscapeTest {
    @Test
    void controlCharactersAndNewlinesShowAsEscapes() {
        assertThat(Escape.text("/srv/x\n  - file: absent /etc/passwd")).isEqualTo("/srv/x\\n  - file: absent /etc/passwd");
        assertThat(Escape.text("\u001b[2J\u001b[31mred\r\u0007\u007f\u009b")).isEqualTo("\\x1b[2J\\x1b[31mred\\r\\x07\\x7f\\x9b");
        assertThat(Escape.text("evil\u202etxt.sh")).isEqualTo("evil\\u202etxt.sh");
    }

    @Test
    void ordinaryTextIsUnchanged() {
        assertThat(Escape.text("Übung: tab\there, 日本")).isEqualTo("Übung: tab\there, 日本");
    }
}
