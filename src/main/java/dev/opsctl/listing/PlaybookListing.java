package dev.opsctl.listing;

import dev.opsctl.exec.Tags;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.playbook.Meta;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Playbook;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What {@code ansible-playbook --list-hosts / --list-tasks / --list-tags} print, in the same shape, so that an
 * operator's eyes and scripts find what they expect. Nothing is contacted: hosts come from the inventory and
 * {@code --limit}, tasks from the loaded playbook under {@code --tags}/{@code --skip-tags}.
 *
 * @param hosts  list each play's pattern and hosts
 * @param tasks  list each play's tasks with their tags
 * @param tags   list each play's task tags
 */
public record PlaybookListing(boolean hosts, boolean tasks, boolean tags) {

    /** Prints the listing of {@code playbook} (named as the user gave it: {@code shownName}). */
    public void print(Playbook playbook, String shownName, Inventory inventory, String limit, Tags selection, PrintWriter out) {
        Set<String> limited = null;
        if (limit != null) {
            limited = new LinkedHashSet<>();
            for (Host h : inventory.select(limit)) limited.add(h.name());
        }
        out.println();
        out.println("playbook: " + shownName);
        int n = 0;
        for (Play play : playbook.plays()) {
            n++;
            out.println();
            out.println("  play #" + n + " (" + play.hosts() + "): " + play.displayName() + "\tTAGS: " + list(play.tags()));
            if (hosts) {
                List<String> names = new ArrayList<>();
                for (Host h : inventory.select(play.hosts())) {
                    if (limited == null || limited.contains(h.name())) names.add(h.name());
                }
                out.println("    pattern: ['" + play.hosts() + "']");
                out.println("    hosts (" + names.size() + "):");
                names.forEach(h -> out.println("      " + h));
            }
            List<Task> shown = new ArrayList<>();
            for (List<TaskNode> section : play.sections()) collect(section, selection, shown);
            if (tasks) {
                out.println("    tasks:");
                for (Task t : shown) out.println("      " + name(t) + "\tTAGS: " + list(tagsOf(t, play)));
            }
            if (tags) {
                Set<String> all = new TreeSet<>(play.tags());
                for (Task t : shown) all.addAll(t.tags());
                out.println("      TASK TAGS: " + list(all));
            }
        }
        out.flush();
    }

    /** The tasks as they run, blocks opened, includes and meta actions as one entry each; those --tags selects. */
    private static void collect(List<TaskNode> nodes, Tags selection, List<Task> into) {
        for (TaskNode node : nodes) {
            if (node instanceof Task t) {
                if (selection.selects(t.tags())) into.add(t);
            } else if (node instanceof Block b) {
                collect(b.block(), selection, into);
                collect(b.rescue(), selection, into);
                collect(b.always(), selection, into);
            } else if (node instanceof Include i) {
                // Unnamed, Ansible lists it by its action; an include_role names its role in opsctl's model.
                if (selection.selects(i.tags())) into.add(i.name() == null || i.name().isBlank() ? i.asTask().named(null) : i.asTask());
            } else if (node instanceof Meta m && selection.selects(m.tags())) {
                into.add(m.asTask());
            }
        }
    }

    /** Ansible shows an unnamed task by its action, without its role's name; a named one as {@code role : name}. */
    private static String name(Task t) {
        return t.name() == null || t.name().isBlank() ? t.module() : t.displayName();
    }

    /** An include keeps only its own tags in opsctl's model; Ansible lists the play's with them. */
    private static Set<String> tagsOf(Task t, Play play) {
        Set<String> out = new TreeSet<>(t.tags());
        out.addAll(play.tags());
        return out;
    }

    private static String list(java.util.Collection<String> items) {
        return "[" + String.join(", ", new TreeSet<>(items)) + "]";
    }
}
