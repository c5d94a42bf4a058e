package dev.opsctl.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyValuesTest {
    @Test
    void keyValueWordsRespectQuotesAndTemplates() {
        assertThat(KeyValues.parse("path={{ root }}/x state=directory msg='a b' other=\"{{ a | default('x y') }}\"", false, Set.of()))
                .containsEntry("path", "{{ root }}/x")
                .containsEntry("state", "directory")
                .containsEntry("msg", "a b")
                .containsEntry("other", "{{ a | default('x y') }}");
    }

    @Test
    void freeFormKeepsTheCommandAndTakesOnlyKnownKeys() {
        assertThat(KeyValues.parse("echo a=b 'c d' creates=/tmp/x", true, Set.of("creates", "chdir")))
                .containsEntry("_raw_params", "echo a=b 'c d'")
                .containsEntry("creates", "/tmp/x");
    }

    @Test
    void freeFormKeepsLineBreaksAsAnsibleDoes() {
        assertThat(KeyValues.parse("set -e\ncd /tmp   &&  ls\n\necho done creates=/x\n", true, Set.of("creates")))
                .containsEntry("_raw_params", "set -e\ncd /tmp && ls\necho done")
                .containsEntry("creates", "/x");
    }

    @Test
    void aWordWithoutEqualsIsAnErrorForNonFreeFormModules() {
        assertThatThrownBy(() -> KeyValues.parse("path=/x directory", false, Set.of()))
                .hasMessageContaining("expected key=value, found 'directory'");
    }
}
