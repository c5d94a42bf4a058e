package dev.opsctl.exec;

import dev.opsctl.playbook.Role;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Data;
import dev.opsctl.template.Templater;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A task's variables on one host in Ansible's order of precedence (a subset of its levels), lowest first: the
 * play's roles' defaults then the task's role's, inventory, gathered facts, play vars, the play's roles' vars then
 * the task's role's, block and task vars, role parameters, include vars, set_fact/include_vars/register, magic,
 * extra vars.
 */
final class TaskVariables {
    private final List<Role> playRoles;
    private final Map<String, Object> playVars;
    private final Map<String, Object> inventoryVars;
    private final Map<String, Object> topVars;
    private final HostState state;
    private final Templater templater;
    private final Function<Role, Map<String, Object>> roleMagic;

    /**
     * @param playRoles     roles the play applies statically: their defaults and vars are seen by every task
     * @param inventoryVars the host's inventory variables, lowest precedence (below gathered facts)
     * @param topVars       magic and extra variables, above everything else
     * @param state         the host's facts and set_fact/register values, read whenever a scope is built
     */
    TaskVariables(List<Role> playRoles, Map<String, Object> playVars, Map<String, Object> inventoryVars,
                  Map<String, Object> topVars, HostState state, Templater templater) {
        this(playRoles, playVars, inventoryVars, topVars, state, templater, r -> Map.of());
    }

    /** @param roleMagic a role's own magic variables ({@code ansible_parent_role_names}: see {@link MagicVars#ofRole}) */
    TaskVariables(List<Role> playRoles, Map<String, Object> playVars, Map<String, Object> inventoryVars,
                  Map<String, Object> topVars, HostState state, Templater templater, Function<Role, Map<String, Object>> roleMagic) {
        this.roleMagic = roleMagic;
        this.playRoles = playRoles;
        this.playVars = playVars;
        this.inventoryVars = inventoryVars;
        this.topVars = topVars;
        this.state = state;
        this.templater = templater;
    }

    /** The task's scope now. @param includeVars variables of the enclosing includes (their vars, loop variables) */
    TaskScope scope(Task task, Map<String, Object> includeVars) {
        return new TaskScope(task, vars(task, includeVars), templater, state.unknown);
    }

    private Map<String, Object> vars(Task task, Map<String, Object> includeVars) {
        Role role = task.role();
        Map<String, Object> vars = new LinkedHashMap<>();
        playRoles.forEach(r -> vars.putAll(r.defaults()));
        if (role != null) vars.putAll(role.defaults());
        vars.putAll(inventoryVars);
        vars.putAll(state.factVars);
        vars.putAll(playVars);
        playRoles.forEach(r -> vars.putAll(r.vars()));
        if (role != null) vars.putAll(role.vars());
        vars.putAll(task.vars());
        if (role != null) vars.putAll(role.params());
        vars.putAll(includeVars);
        vars.putAll(state.runVars);
        vars.putAll(topVars);
        if (role != null) {
            vars.put("role_name", role.name());
            vars.put("ansible_role_name", role.qualifiedName());
            vars.put("role_path", role.dir().toAbsolutePath().normalize().toString());
            vars.putAll(roleMagic.apply(role));
        }
        ConnectionMagic.addMissing(vars, state.connection != null && state.connection.isLocal());
        dataNames(vars, includeVars);
        return vars;
    }

    /**
     * Lists in {@code vars} the names whose winning value is data: gathered facts, register and set_fact values, loop
     * items of includes; a name a trusted level overrides (play vars over facts, {@code -e} over all) stays a template.
     */
    private void dataNames(Map<String, Object> vars, Map<String, Object> includeVars) {
        List<String> names = new ArrayList<>();
        state.factVars.forEach((k, v) -> { if (vars.get(k) == v) names.add(k); });
        for (String k : state.dataVars) if (state.runVars.containsKey(k) && vars.get(k) == state.runVars.get(k)) names.add(k);
        for (String k : Data.names(includeVars)) if (vars.get(k) == includeVars.get(k)) names.add(k);
        vars.remove(Data.NAMES);
        Data.markNames(vars, names);
    }
}
