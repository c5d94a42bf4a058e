package dev.opsctl.playbook;

import java.util.ArrayList;
import java.util.List;

/**
 * One entry of a task list. Static constructs ({@code import_tasks}, {@code import_role}, {@code roles:}) are expanded
 * when the playbook is loaded, so only what must be decided on the host at run time is a node of its own.
 */
public sealed interface TaskNode permits Task, Block, Include, Meta {

    /** Every task under {@code nodes}, blocks' rescue and always sections and loaded includes too, in file order. */
    static List<Task> tasksIn(List<? extends TaskNode> nodes) {
        List<Task> out = new ArrayList<>();
        for (TaskNode n : nodes) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block b) {
                out.addAll(tasksIn(b.block()));
                out.addAll(tasksIn(b.rescue()));
                out.addAll(tasksIn(b.always()));
            } else if (n instanceof Include i && i.tasks() != null) {
                out.addAll(tasksIn(i.tasks()));
            }
        }
        return out;
    }
}
