package dev.opsctl.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.Source;
import dev.opsctl.playbook.Role;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Templater;
import dev.opsctl.template.UndefinedVariableException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A task's scope on one host: which level's value wins, what its loop and when: decide. */
class TaskScopeTest {
    private final Templater templater = new Templater();
    private final HostState state = new HostState("web1", null);
    private final Role role = new Role("app", Path.of("/roles/app"), Map.of("port", "role-default", "level", "role-default"),
            Map.of("level", "role-vars"), Map.of());

    @Test
    void eachLevelOverridesTheOnesBelowInAnsiblesOrder() {
        TaskVariables variables = variables(Map.of("port", "inventory", "level", "inventory", "user", "inventory"),
                Map.of("level", "play", "user", "play"), Map.of("top", "extra"));
        state.factVars.put("ansible_hostname", "web1");
        state.factVars.put("user", "fact");
        Task task = task(role, Map.of("msg", "{{ level }}"), null, null, Map.of("local", "task"));
        TaskScope scope = variables.scope(task, Map.of("included", "include"));

        // Inventory is above role defaults; facts above inventory; play vars above facts; role vars above play vars.
        assertThat(scope.render("{{ port }} {{ user }} {{ level }}")).isEqualTo("inventory play role-vars");
        assertThat(scope.render("{{ ansible_hostname }} {{ local }} {{ included }} {{ top }} {{ role_name }}"))
                .isEqualTo("web1 task include extra app");
        assertThat(scope.args()).containsEntry("msg", "role-vars");

        // set_fact and register values are above task and include vars; extra vars above everything.
        state.runVars.put("local", "set_fact");
        state.runVars.put("top", "set_fact");
        TaskScope later = variables.scope(task, Map.of("included", "include"));
        assertThat(later.render("{{ local }} {{ top }}")).isEqualTo("set_fact extra");
    }

    @Test
    void aLoopGivesEachItemItsOwnScopeAndWhenIsDecidedPerItem() {
        Task task = task(null, Map.of("msg", "{{ item }} of {{ things | length }}"), "{{ things }}", "item != 'b'", Map.of());
        TaskScope scope = variables(Map.of(), Map.of("things", List.of("a", "b", "c")), Map.of()).scope(task, Map.of());

        List<Object> items = scope.loopItems();
        assertThat(items).containsExactly("a", "b", "c");
        assertThat(items.stream().map(scope::withItem).map(TaskScope::whenHolds)).containsExactly(true, false, true);
        assertThat(scope.withItem("c").args()).containsEntry("msg", "c of 3");
        assertThat(scope.withItem("c").label("c")).isEqualTo("c");
    }

    @Test
    void aLoopOverAStringIsRefusedAndAnOmittedArgumentIsLeftOut() {
        Task strings = task(null, Map.of("msg", "x"), "{{ word }}", null, Map.of());
        assertThatThrownBy(() -> variables(Map.of(), Map.of("word", "abc"), Map.of()).scope(strings, Map.of()).loopItems())
                .hasMessageContaining("loop must be a list");
        Task omitting = task(null, new LinkedHashMap<>(Map.of("msg", "x", "mode", "{{ mode | default(omit) }}")), null, null, Map.of());
        TaskScope scope = variables(Map.of(), Map.of(), Map.of("omit", TaskScope.OMIT)).scope(omitting, Map.of());
        assertThat(scope.args()).containsOnlyKeys("msg");
    }

    @Test
    void aValueKnownOnlyAfterApplyIsSaidToBeSoAndAnUndefinedOneIsAnError() {
        state.unknown.add("result");
        Task task = task(null, Map.of("msg", "{{ result.stdout }}"), null, "result.rc == 0", Map.of());
        TaskScope scope = variables(Map.of(), Map.of(), Map.of()).scope(task, Map.of());
        assertThatThrownBy(scope::args).isInstanceOf(KnownAfterApply.class).hasMessageContaining("'result', known after apply");
        assertThatThrownBy(scope::whenHolds).isInstanceOf(KnownAfterApply.class);
        Task other = task(null, Map.of("msg", "{{ nothing }}"), null, null, Map.of());
        assertThatThrownBy(() -> variables(Map.of(), Map.of(), Map.of()).scope(other, Map.of()).args())
                .isInstanceOf(UndefinedVariableException.class);
    }

    @Test
    void theConnectionVariablesAreDefinedWhenNothingSetsThemAsAnsibleDoesBeforeWhen() {
        // A role's handler skips containers with `when: ansible_connection not in [...]`: Ansible defines it (and the
        // address) for every task; an inventory value wins.
        Task task = task(null, Map.of("msg", "x"), null, "ansible_connection not in ['docker']", Map.of());
        TaskScope scope = variables(Map.of(), Map.of(), Map.of("inventory_hostname", "web1")).scope(task, Map.of());
        assertThat(scope.whenHolds()).isTrue();
        assertThat(scope.render("{{ ansible_connection }} {{ ansible_host }} {{ ansible_ssh_host }}")).isEqualTo("ssh web1 web1");
        TaskScope set = variables(Map.of("ansible_connection", "docker", "ansible_host", "10.0.0.5"), Map.of(),
                Map.of("inventory_hostname", "web1")).scope(task, Map.of());
        assertThat(set.whenHolds()).isFalse();
        assertThat(set.render("{{ ansible_host }} {{ ansible_ssh_host }}")).isEqualTo("10.0.0.5 10.0.0.5");
    }

    private TaskVariables variables(Map<String, Object> inventory, Map<String, Object> play, Map<String, Object> top) {
        return new TaskVariables(List.of(), play, inventory, top, state, templater);
    }

    private static Task task(Role role, Map<String, Object> args, Object loop, Object when, Map<String, Object> vars) {
        return new Task("t", "debug", args, new Source("site.yml", 3, 7), when, loop, "item", null, null,
                List.of(), List.of(), null, null, false, false, vars, null, null, List.of(), null, role, null, null, null,
                false, Map.of(), null);
    }
}
