package dev.opsctl.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsctl.diag.Source;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's operators in expressions, side by side with ansible-playbook (ansible-core 2.14, run here on localhost with a
 * local connection): every expression below is rendered by Ansible's own templar in one debug task, and opsctl must
 * give the same value.
 */
class PythonOperatorsTest {
    private static final Map<String, Object> VARS = Map.of("n", 3, "s", "ab", "l", List.of(1, 2), "x", "world", "port", 8080);

    private static final List<String> EXPRESSIONS = List.of(
            "{{ 'x' * 3 }}",
            "{{ 3 * 'x' }}",
            "{{ '-' * n }}",
            "{{ '=' * 0 }}|",
            "{{ 'ab' * -1 }}|",
            "{{ [1] * 3 }}",
            "{{ l * 2 }}",
            "{{ ('=' * 10) ~ '>' }}",
            "# {{ '-' * 20 }}",
            "{{ 'hello %s' % x }}",
            "{{ '%s-%s' % (s, n) }}",
            "{{ '%d items' % n }}",
            "{{ '%05.1f|%-4s|%x|%#o|%r|%5d|%+d' % (3.14159, 'ab', 255, 8, 'q', 42, 7) }}",
            "{{ '%(a)s=%(b)d' % {'a': 'k', 'b': 2} }}",
            "{{ 'listen %s:%d;' % ('0.0.0.0', port) }}",
            "{{ '%.2f%%' % 12.345 }}",
            "{{ '%g %g %g' % (0.0001, 1234567.0, 2.5) }}",
            "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7.0 // 2 }}",
            "{{ 2 ** 10 }} {{ 2 ** -1 }} {{ 2 ** 0.5 }}",
            "{{ -7 % 3 }} {{ 7 % -3 }} {{ 7 % 3 }} {{ 7.5 % 2 }}",
            "{{ 3 * 4 }} {{ 2.5 * 2 }} {{ 7 / 2 }}",
            "{{ 'b' in s }} {{ 'ab' in 'xaby' }} {{ 'q' not in s }} {{ 2 in l }}");

    @TempDir
    Path dir;

    @Test
    void operatorsGiveWhatAnsibleGives() throws Exception {
        List<JsonNode> ansible = ansible(EXPRESSIONS);
        ObjectMapper json = new ObjectMapper();
        Templater templater = new Templater();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < EXPRESSIONS.size(); i++) {
            Object ours = templater.render(EXPRESSIONS.get(i), VARS, Source.of("t.yml"));
            String mine = json.writeValueAsString(json.valueToTree(ours));
            String theirs = json.writeValueAsString(ansible.get(i));
            if (!mine.equals(theirs)) mismatches.add(EXPRESSIONS.get(i) + ": ansible " + theirs + ", opsctl " + mine);
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void wrongOperandsFailAsPythonDoes() {
        Templater templater = new Templater();
        assertThatThrownBy(() -> templater.render("{{ 'x' * 'y' }}", VARS, Source.of("t.yml")))
                .hasMessageContaining("can't multiply sequence by non-int of type 'str'");
        assertThatThrownBy(() -> templater.render("{{ '%s %s' % x }}", VARS, Source.of("t.yml")))
                .hasMessageContaining("not enough arguments for format string");
        assertThatThrownBy(() -> templater.render("{{ 'abc' % x }}", VARS, Source.of("t.yml")))
                .hasMessageContaining("not all arguments converted during string formatting");
    }

    /** Each expression as ansible-playbook renders it: one debug task whose msg is the list of them, JSON callback. */
    private List<JsonNode> ansible(List<String> expressions) throws Exception {
        ObjectMapper json = new ObjectMapper();
        StringBuilder play = new StringBuilder("- hosts: localhost\n  gather_facts: false\n  vars: ")
                .append(json.writeValueAsString(VARS)).append("\n  tasks:\n    - debug:\n        msg:\n");
        for (String e : expressions) play.append("          - ").append(json.writeValueAsString(e)).append('\n');
        Path playbook = dir.resolve("play.yml");
        Files.writeString(playbook, play);
        Path out = dir.resolve("out.json");
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/ansible-playbook", "-i", "localhost,", "-c", "local", playbook.toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(out.toFile());
        pb.environment().put("ANSIBLE_STDOUT_CALLBACK", "json");
        pb.environment().put("ANSIBLE_LOCAL_TEMP", dir.resolve("tmp").toString());
        pb.environment().put("ANSIBLE_PYTHON_INTERPRETER", "/usr/bin/python3");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ansible-playbook finished").isTrue();
        assertThat(p.exitValue()).as("ansible-playbook exit code; output:\n" + Files.readString(out)).isZero();
        JsonNode msg = json.readTree(out.toFile()).at("/plays/0/tasks/0/hosts/localhost/msg");
        List<JsonNode> values = new ArrayList<>();
        msg.forEach(values::add);
        assertThat(values).hasSize(expressions.size());
        return values;
    }
}
