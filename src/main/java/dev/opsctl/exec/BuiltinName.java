package dev.opsctl.exec;

import dev.opsctl.playbook.Task;

/**
 * The short name of a task's ansible-core module: roles write {@code ansible.builtin.package} as often as
 * {@code package}, and the run's rules about particular modules (a package change, a read-only command) must hold
 * for both spellings.
 */
final class BuiltinName {
    private BuiltinName() {}

    static String of(Task task) {
        String name = task.module();
        for (String prefix : new String[] {"ansible.builtin.", "ansible.legacy."}) {
            if (name.startsWith(prefix)) return name.substring(prefix.length());
        }
        return name;
    }
}
