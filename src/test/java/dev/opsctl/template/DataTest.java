package dev.opsctl.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.diag.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Trusted strings are templates; data (a host's answer, a rendering's result) is text, however it is reached. */
class DataTest {
    private final Templater templater = new Templater();

    private Object render(Object value, Map<String, Object> vars) {
        return templater.render(value, vars, Source.UNKNOWN);
    }

    @Test
    void aTrustedVariableHoldingATemplateIsRenderedWhenUsed() {
        Map<String, Object> vars = new LinkedHashMap<>(Map.of("secret", "S", "x", "{{ secret }}"));
        assertThat(render("{{ x }}", vars)).isEqualTo("S");
    }

    @Test
    void aDataStringIsItsOwnTextEvenInsideATemplate() {
        Map<String, Object> vars = new LinkedHashMap<>(Map.of("secret", "S", "ansible_hostname", "{{ secret }}"));
        Data.markNames(vars, List.of("ansible_hostname"));
        assertThat(render("{{ ansible_hostname }}", vars)).isEqualTo("{{ secret }}");
        assertThat(render("host={{ ansible_hostname }}!", vars)).isEqualTo("host={{ secret }}!");
        assertThat(render("{{ ansible_hostname | upper }}", vars)).isEqualTo("{{ SECRET }}");
        assertThat(templater.renderFile("{{ ansible_hostname }}\n", vars, Source.UNKNOWN)).isEqualTo("{{ secret }}\n");
    }

    @Test
    void dataMapsAndListsAreNotRenderedAtAnyDepth() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stdout", "{{ lookup('env', 'HOME') }}");
        out.put("stdout_lines", List.of("{{ secret }}"));
        Map<String, Object> vars = new LinkedHashMap<>(Map.of("secret", "S", "out", Data.of(out)));
        assertThat(render("{{ out.stdout }}", vars)).isEqualTo("{{ lookup('env', 'HOME') }}");
        assertThat(render("{{ out.stdout_lines[0] }}", vars)).isEqualTo("{{ secret }}");
        assertThat(render(Data.of(List.of("{{ secret }}")), vars)).isEqualTo(List.of("{{ secret }}"));
        // A trusted template that builds a new value from data still renders only once.
        Map<String, Object> combined = new LinkedHashMap<>(vars);
        combined.put("both", "{{ out.stdout }} {{ secret }}");
        assertThat(render("{{ both }}", combined)).isEqualTo("{{ lookup('env', 'HOME') }} S");
    }
}
