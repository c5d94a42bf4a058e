package dev.opsctl.exec;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Role;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ansible's magic variables that depend on the play and on the tool, not on the host. */
final class MagicVars {
    /** The ansible-core release whose behaviour opsctl follows: roles compare {@code ansible_version} against it. */
    static final List<Integer> ANSIBLE_VERSION = List.of(2, 14, 18);

    private MagicVars() {}

    static Map<String, Object> ofPlay(Play play) {
        Map<String, Object> m = new LinkedHashMap<>();
        String full = ANSIBLE_VERSION.get(0) + "." + ANSIBLE_VERSION.get(1) + "." + ANSIBLE_VERSION.get(2);
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("string", full);
        version.put("full", full);
        version.put("major", ANSIBLE_VERSION.get(0));
        version.put("minor", ANSIBLE_VERSION.get(1));
        version.put("revision", ANSIBLE_VERSION.get(2));
        m.put("ansible_version", version);
        m.put("ansible_play_name", play.displayName());
        // Ansible's -v count. opsctl's -v levels mean other things (unchanged tasks, stack traces), so roles see
        // Ansible's default: 0 (`no_log: "{{ ansible_verbosity < 3 }}"` then hides, as a plain ansible-playbook run does).
        m.put("ansible_verbosity", 0);
        List<String> roles = play.staticRoles().stream().map(Role::name).distinct().toList();
        m.put("role_names", roles);
        m.put("ansible_play_role_names", roles);
        m.put("ansible_role_names", roles);
        AnsibleConfig.get().found().ifPresent(f -> m.put("ansible_config_file", f.toString()));
        return m;
    }

    /**
     * Per play (by identity): each role an include_role in another role brings in -> that including role. Roles by
     * identity too: the same role imported elsewhere in the play is another use, without parents.
     */
    private static final Map<Play, Map<Role, Role>> INCLUDED_BY = java.util.Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * {@code ansible_parent_role_names} and {@code ansible_parent_role_paths} of a role's tasks: for a role brought in
     * by {@code include_role} from inside another role, the including roles, nearest first. Ansible leaves them
     * undefined for roles from {@code roles:}, their dependencies, {@code import_role}, and an {@code include_role}
     * written in the play itself, and so does this (an empty map).
     */
    static Map<String, Object> ofRole(Play play, Role role) {
        Map<Role, Role> includedBy = INCLUDED_BY.computeIfAbsent(play, MagicVars::includedBy);
        List<String> names = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        Set<Role> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Role parent = includedBy.get(role); parent != null && seen.add(parent); parent = includedBy.get(parent)) {
            names.add(parent.name());
            paths.add(parent.dir().toAbsolutePath().normalize().toString());
        }
        if (names.isEmpty()) return Map.of();
        return Map.of("ansible_parent_role_names", names, "ansible_parent_role_paths", paths);
    }

    private static Map<Role, Role> includedBy(Play play) {
        Map<Role, Role> out = new IdentityHashMap<>();
        for (List<TaskNode> section : play.sections()) walk(section, out);
        return out;
    }

    private static void walk(List<TaskNode> nodes, Map<Role, Role> out) {
        for (TaskNode n : nodes) {
            if (n instanceof Block b) {
                walk(b.block(), out);
                walk(b.rescue(), out);
                walk(b.always(), out);
            } else if (n instanceof Include inc && inc.tasks() != null) {
                // the included role is the last role among the included tasks (its dependencies' tasks come first)
                List<Role> roles = new ArrayList<>();
                rolesOf(inc.tasks(), roles);
                Role included = roles.isEmpty() ? null : roles.get(roles.size() - 1);
                if (inc.role() != null && included != null && included != inc.role()) out.putIfAbsent(included, inc.role());
                walk(inc.tasks(), out);
            }
        }
    }

    private static void rolesOf(List<TaskNode> nodes, List<Role> into) {
        for (TaskNode n : nodes) {
            if (n instanceof Task t && t.role() != null && into.stream().noneMatch(r -> r == t.role())) into.add(t.role());
            else if (n instanceof Block b) {
                rolesOf(b.block(), into);
                rolesOf(b.rescue(), into);
                rolesOf(b.always(), into);
            }
        }
    }
}
