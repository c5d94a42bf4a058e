package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import dev.opsctl.rolling.Rollout;
import java.util.List;
import java.util.Map;

/**
 * One play: which hosts (and in which batches: {@link Rollout}), its variables, and its task sections. Handlers run
 * at the end of each section when notified.
 */
public record Play(
        String name,
        String hosts,
        Source at,
        Map<String, Object> vars,
        boolean gatherFacts,
        List<String> gatherSubset,
        List<TaskNode> preTasks,
        List<TaskNode> tasks,
        List<TaskNode> postTasks,
        List<Task> handlers,
        Boolean become,
        String becomeUser,
        Rollout rollout,
        /* the play's connection: keyword (local, ssh), or null */
        String connection,
        List<String> tags) {

    public Play {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The same play with other task sections (handlers, vars and keywords unchanged). */
    public Play withSections(List<TaskNode> preTasks, List<TaskNode> tasks, List<TaskNode> postTasks) {
        return new Play(name, hosts, at, vars, gatherFacts, gatherSubset, preTasks, tasks, postTasks, handlers, become,
                becomeUser, rollout, connection, tags);
    }

    public String displayName() {
        return name == null || name.isBlank() ? hosts : name;
    }

    /** Every task of the play (sections, blocks, includes known at load time, handlers) in file order. */
    public List<Task> allTasks() {
        List<Task> all = new java.util.ArrayList<>();
        for (List<TaskNode> section : sections()) all.addAll(TaskNode.tasksIn(section));
        all.addAll(handlers);
        return all;
    }

    /**
     * The roles the play applies statically ({@code roles:}, {@code import_role}, their dependencies), in order.
     * As in Ansible (without {@code private_role_vars}), their defaults and vars are seen by every task of the play.
     */
    public List<Role> staticRoles() {
        java.util.Set<Role> roles = new java.util.LinkedHashSet<>();
        for (List<TaskNode> section : sections()) collectRoles(section, roles);
        return List.copyOf(roles);
    }

    private static void collectRoles(List<TaskNode> nodes, java.util.Set<Role> into) {
        for (TaskNode n : nodes) {
            if (n instanceof Task t && t.role() != null) {
                into.add(t.role());
            } else if (n instanceof Block b) {
                collectRoles(b.block(), into);
                collectRoles(b.rescue(), into);
                collectRoles(b.always(), into);
            }
        }
    }

    /** The task sections in the order they run; a play's roles run first in its tasks section. */
    public List<List<TaskNode>> sections() {
        return List.of(preTasks, tasks, postTasks);
    }
}
