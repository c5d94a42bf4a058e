package dev.opsctl.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.diag.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jinja as Ansible runs it: each expected text is what ansible-core 2.14.18 wrote for the same template
 * (ansible-playbook, template module, side by side), as listed in docs/compatibility.md.
 */
class AnsibleJinjaTest {
    private static final Source AT = new Source("t.j2", 1, 1);
    private final Templater templater = new Templater();

    private String file(String template) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("d", new LinkedHashMap<>(Map.of("b", 1)));
        vars.put("words", "a b  c");
        return templater.renderFile(template, vars, AT);
    }

    @Test
    void commentFilterInEveryStyle() {
        assertThat(file("{{ 'x' | comment }}")).isEqualTo("#\n# x\n#");
        assertThat(file("{{ 'x' | comment('c') }}")).isEqualTo("//\n// x\n//");
        assertThat(file("{{ 'x' | comment('erlang') }}")).isEqualTo("%\n% x\n%");
        assertThat(file("{{ 'x' | comment('xml') }}")).isEqualTo("<!--\n -\n - x\n -\n-->");
        assertThat(file("{{ 'x' | comment('cblock') }}")).isEqualTo("/*\n *\n * x\n *\n */");
        assertThat(file("{{ 'x' | comment('plain', prefix='#', decoration='> ') }}")).isEqualTo("#\n> x\n>");
        assertThat(file("{{ \"a\\nb\" | comment }}")).isEqualTo("#\n# a\n# b\n#");
    }

    @Test
    void pythonStringMethods() {
        assertThat(file("{{ words.split() }}")).isEqualTo("['a', 'b', 'c']");
        // A literal dot, not a regex: String.split('.') would have given nothing.
        assertThat(file("{{ 'a.b.c'.split('.') }}|{{ '8.2.1'.split('.')[0] }}")).isEqualTo("['a', 'b', 'c']|8");
        assertThat(file("{{ 'a,b,c'.split(',', 1) }}|{{ 'a b c'.rsplit(' ', 1) }}")).isEqualTo("['a', 'b,c']|['a b', 'c']");
        assertThat(file("{{ \"{}-{}\".format(1,2) }}|{{ ' a '.strip() }}|{{ 'abc'.startswith('a') }}|{{ '-'.join(['a','b']) }}"))
                .isEqualTo("1-2|a|True|a-b");
        assertThat(file("{{ 'ABC'.lower() }}|{{ 'b' in 'abc' }}|{{ 'a.b'.replace('.','/') }}|{{ 'x.conf'.endswith(('.conf', '.cfg')) }}"))
                .isEqualTo("abc|True|a/b|True");
        assertThat(file("{{ 'xxhixx'.strip('x') }}|{{ 'hello world'.title() }}|{{ '7'.zfill(3) }}")).isEqualTo("hi|Hello World|007");
    }

    @Test
    void dictMethodsAndStructuresAsJinjaReturnsThem() {
        assertThat(file("{{ {'b':1,'a':2}|dictsort }}")).isEqualTo("[('a', 2), ('b', 1)]");
        assertThat(file("{{ d.items()|list }}|{{ d.keys()|list }}|{{ d.values()|list }}|{{ d.get('b') }}|{{ d.get('z', 0) }}"))
                .isEqualTo("[('b', 1)]|['b']|[1]|1|0");
        assertThat(file("{% for k, v in d.items() %}{{ k }}={{ v }}{% endfor %}|{% for k, v in d|dictsort %}{{ k }}:{{ v }}{% endfor %}"))
                .isEqualTo("b=1|b:1");
        assertThat(file("{{ d|items|list }}")).isEqualTo("[('b', 1)]");
    }

    @Test
    void rangeHasNoCap() {
        // Jinjava stopped at 1000 items without a word: a file with 1000 of 2000 lines, exit 0.
        assertThat(file("{{ range(2000)|list|length }}|{{ range(2000)|last }}")).isEqualTo("2000|1999");
    }

    @Test
    void varnamesAndFlattenedLookups() {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("app_port", 80);
        vars.put("app_user", "web");
        vars.put("other", 1);
        vars.put("nested", List.of(1, List.of(2, List.of(3))));
        assertThat(templater.render("{{ lookup('varnames', '^app_') }}", vars, AT)).isEqualTo("app_port,app_user");
        assertThat(templater.loopLookup("community.general.flattened", List.of(List.of("a"), vars.get("nested")), vars, AT))
                .containsExactly("a", 1, 2, 3);
    }
}
