package dev.opsctl.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.diag.Source;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected outputs were checked against Ansible 2.14 (ansible-playbook with debug: msg=...) where marked. */
class FiltersAndTestsTest {
    final Templater templater = new Templater();
    final Map<String, Object> vars = new HashMap<>(Map.of(
            "d", Map.of("b", List.of(1, 2), "a", Map.of("c", "d")),
            "users", List.of(Map.of("name", "ann", "uid", 3, "admin", true), Map.of("name", "bob", "uid", 1)),
            "result_ok", Map.of("changed", true, "failed", false),
            "result_bad", Map.of("changed", false, "failed", true),
            "result_skip", Map.of("skipped", true, "changed", false)));

    Object render(String s) {
        return templater.render(s, vars, Source.of("t.yml"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", quoteCharacter = '`', textBlock = """
            {{ 'yes' | bool }} {{ 'off' | bool }} {{ 1 | bool }}              => True False True
            {{ '3' | int + 1 }} {{ '3.7' | int }} {{ 'x' | int }}             => 4 3 0
            {{ '0x1A' | int(base=16) }} {{ '2.5' | float }} {{ 3 | float }}  => 26 2.5 3.0
            {{ 3 | string }}{{ true | string }}                               => 3True
            {{ 'HeLLo' | lower }} {{ 'a' | upper }} {{ 'hELLO wORLD' | capitalize }} => hello A Hello world
            `{{ '  hi  ' | trim }}|`                                          => `hi|`
            {{ [1, 2] | join(',') }} {{ ['a', true] | join }}                 => 1,2 aTrue
            {{ [1, 2] | length }} {{ 'abc' | count }} {{ d | length }}         => 2 3 2
            {{ [1, 2] | first }} {{ [1, 2] | last }} {{ 'xyz' | first }}      => 1 2 x
            {{ [3, 1, 3, 2] | unique }} {{ [3, 1, 2] | sort }}                => [3, 1, 2] [1, 2, 3]
            {{ ['b', 'A', 'c'] | sort }} {{ [1, 3, 2] | sort(reverse=true) }} => ['A', 'b', 'c'] [3, 2, 1]
            {{ [3, 1, 2] | min }} {{ [3, 1, 2] | max }}                       => 1 3
            {{ users | max(attribute='uid') | attr('name') }}                 => ann
            {{ 'aXbXc' | replace('X', '-') }} {{ 'aXbXc' | replace('X', '-', 1) }} => a-b-c a-bXc
            {{ 'ansible' | regex_replace('^a.*i(.*)$', 'a\\1') }}            => able
            {{ 'host-12' | regex_replace('(?P<n>[a-z]+)-(?P<num>\\d+)', '\\g<num>_\\g<n>') }} => 12_host
            {{ 'abc123def45' | regex_search('\\d+') }}                      => 123
            {{ 'k=v' | regex_search('(\\w)=(\\w)', '\\2', '\\1') }}! => ['v', 'k']!
            `{{ 'abc' | regex_search('z') }}|`  => `|`
            {{ '/etc/app/x.conf' | basename }} {{ '/etc/app/x.conf' | dirname }} {{ 'a/b/' | dirname }} => x.conf /etc/app a/b
            {{ "it's" | quote }} {{ 'a b' | quote }} {{ 'safe-1.txt' | quote }} => 'it'"'"'s' 'a b' safe-1.txt
            {{ 'hello' | b64encode }} {{ 'aGVsbG8=' | b64decode }}            => aGVsbG8= hello
            {{ 'abc' | hash('sha1') }}                                         => a9993e364706816aba3e25717850c26c9cd0d89d
            {{ 'abc' | hash('md5') }}                                          => 900150983cd24fb0d6963f7d28e17f72
            {{ 'x' | ternary('a', 'b') }} {{ '' | ternary('a', 'b') }} {{ none | ternary('a', 'b', 'n') }} => a b n
            """)
    void filtersRenderLikeAnsible(String template, String expected) {
        assertThat(render(template)).isEqualTo(expected == null ? "" : expected);
    }

    @Test
    void jsonLikePythonJsonDumps() {
        // byte-identical to Ansible's output for the same dict
        assertThat(render("{{ d | to_json }}")).isIn("{\"b\": [1, 2], \"a\": {\"c\": \"d\"}}", "{\"a\": {\"c\": \"d\"}, \"b\": [1, 2]}");
        assertThat(render("{{ {'b': [1, 2], 'a': {'c': 'd'}, 's': 'x y'} | to_json }}")).isEqualTo("{\"b\": [1, 2], \"a\": {\"c\": \"d\"}, \"s\": \"x y\"}");
        assertThat(render("{{ ['é', none, true, 1.5] | to_json }}")).isEqualTo("[\"\\u00e9\", null, true, 1.5]");
        assertThat(render("{{ {'b': [1, 2], 'a': {'c': 'd'}, 's': 'x y'} | to_nice_json }}"))
                .isEqualTo("{\n    \"a\": {\n        \"c\": \"d\"\n    },\n    \"b\": [\n        1,\n        2\n    ],\n    \"s\": \"x y\"\n}");
        assertThat(render("{{ '{\"a\": [1, 2]}' | from_json }}")).isEqualTo(Map.of("a", List.of(1, 2)));
    }

    @Test
    void yamlLikePyYaml() {
        // byte-identical to Ansible's output for the same dict
        assertThat(render("{{ {'b': [1, 2], 'a': {'c': 'd'}, 's': 'x y'} | to_yaml }}")).isEqualTo("a: {c: d}\nb: [1, 2]\ns: x y\n");
        assertThat(render("{{ {'b': [1, 2], 'a': {'c': 'd'}, 's': 'x y'} | to_nice_yaml }}")).isEqualTo("a:\n    c: d\nb:\n- 1\n- 2\ns: x y\n");
        assertThat(render("{{ 'a: 1\nb: [x]' | from_yaml }}")).isEqualTo(Map.of("a", 1, "b", List.of("x")));
    }

    @Test
    void dictAndListFilters() {
        assertThat(render("{{ {'a': 1} | dict2items }}")).isEqualTo(List.of(Map.of("key", "a", "value", 1)));
        assertThat(render("{{ {'a': 1} | dict2items(key_name='k', value_name='v') }}")).isEqualTo(List.of(Map.of("k", "a", "v", 1)));
        assertThat(render("{{ [{'key': 'a', 'value': 1}] | items2dict }}")).isEqualTo(Map.of("a", 1));
        assertThat(render("{{ {'a': 1, 'n': {'x': 1}} | combine({'b': 2}, {'n': {'y': 2}}) }}")).isEqualTo(Map.of("a", 1, "b", 2, "n", Map.of("y", 2)));
        assertThat(render("{{ {'n': {'x': 1}} | combine({'n': {'y': 2}}, recursive=true) }}")).isEqualTo(Map.of("n", Map.of("x", 1, "y", 2)));
        assertThat(render("{{ {'l': [1]} | combine({'l': [2]}, list_merge='append') }}")).isEqualTo(Map.of("l", List.of(1, 2)));
        assertThat(render("{{ [1, [2, [3, none]]] | flatten }}")).isEqualTo(List.of(1, 2, 3));
        assertThat(render("{{ [1, [2, [3]]] | flatten(levels=1) }}")).isEqualTo(List.of(1, 2, List.of(3)));
        assertThat(render("{{ [1, 2, 3] | zip(['a', 'b']) | list }}")).isEqualTo(List.of(List.of(1, "a"), List.of(2, "b")));
        assertThat(render("{{ 'ab' | list }}")).isEqualTo(List.of("a", "b"));
        assertThat(render("{{ [['a', 1], ['b', 2]] | dict }}")).isEqualTo(Map.of("a", 1, "b", 2));
    }

    @Test
    void selectRejectAndMap() {
        assertThat(render("{{ users | selectattr('admin') | map(attribute='name') | list }}")).isEqualTo(List.of("ann"));
        assertThat(render("{{ users | selectattr('uid', 'equalto', 1) | map(attribute='name') | first }}")).isEqualTo("bob");
        assertThat(render("{{ users | selectattr('uid', '>', 2) | map(attribute='name') | list }}")).isEqualTo(List.of("ann"));
        assertThat(render("{{ users | rejectattr('admin', 'defined') | map(attribute='name') | list }}")).isEqualTo(List.of("bob"));
        assertThat(render("{{ users | map(attribute='admin', default=false) | list }}")).isEqualTo(List.of(true, false));
        assertThat(render("{{ ['a', 'b'] | map('upper') | list }}")).isEqualTo(List.of("A", "B"));
        assertThat(render("{{ ['a1', 'b2'] | map('regex_replace', '\\d', '') | list }}")).isEqualTo(List.of("a", "b"));
        assertThat(render("{{ [1, 2, 3] | select('odd') | list }}")).isEqualTo(List.of(1, 3));
        assertThat(render("{{ [1, 2, 3] | reject('odd') | list }}")).isEqualTo(List.of(2));
        assertThat(render("{{ ['ab', 'cd'] | select('match', 'c') | list }}")).isEqualTo(List.of("cd"));
        assertThat(render("{{ ['', 'x', none] | select | list }}")).isEqualTo(List.of("x"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
            {{ none is none }}                                 => true
            {{ 'abc' is match('a') }}                          => true
            {{ 'abc' is match('b') }}                          => false
            {{ 'abc' is search('b') }}                         => true
            {{ 'abc' is regex('^a.c$') }}                      => true
            {{ 'ABC' is match('a', true) }}                    => true
            {{ '1.2.10' is version('1.2.9', '>') }}            => true
            {{ '1.2.10' is version('1.10', '<') }}             => true
            {{ '2.0' is version('2.0', '==') }}                => true
            {{ '1.0' is version_compare('1.1', 'ge') }}        => false
            {{ result_ok is succeeded }}                       => true
            {{ result_ok is changed }}                         => true
            {{ result_ok is failed }}                          => false
            {{ result_bad is failed }}                         => true
            {{ result_bad is success }}                        => false
            {{ result_skip is skipped }}                       => true
            {{ result_ok is skipped }}                         => false
            {{ 'a' is string }}                                => true
            {{ 1 is string }}                                  => false
            {{ 1.5 is number }}                                => true
            {{ 'x' is number }}                                => false
            {{ d is mapping }}                                 => true
            {{ [1] is mapping }}                               => false
            {{ [1] is sequence }}                              => true
            {{ 'ab' is iterable }}                             => true
            {{ 1 is iterable }}                                => false
            {{ 2 in [1, 2] }}                                  => true
            {{ 'b' in 'abc' }}                                 => true
            {{ 'a' in d }}                                     => true
            {{ 'z' not in d }}                                 => true
            {{ 2 is in [1, 2] }}                               => true
            {{ [1, 2] is subset([1, 2, 3]) }}                  => true
            """)
    void testsEvaluate(String template, boolean expected) {
        assertThat(render(template)).isEqualTo(expected);
    }
}
