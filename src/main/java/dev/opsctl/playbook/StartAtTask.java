package dev.opsctl.playbook;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.inventory.Fnmatch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code --start-at-task NAME}, as ansible-playbook does it: every task before the first one whose name (or
 * {@code "role : name"}) equals NAME or matches it as a shell glob is left out, in every play; from that task on
 * the playbook runs unchanged, later plays included. Handlers stay. Like Ansible, the search follows static
 * imports and blocks but not {@code include_tasks}/{@code include_role}, whose tasks are only known on the host.
 */
public final class StartAtTask {
    private final String wanted;
    private final Pattern glob;
    private boolean found;

    private StartAtTask(String wanted) {
        this.wanted = wanted;
        this.glob = Pattern.compile(Fnmatch.translate(wanted), Pattern.DOTALL);
    }

    /**
     * The playbook from the first task matching {@code name} on.
     *
     * @throws InputException when no task matches (Ansible says so but exits 0 having run nothing; a typo that runs
     *                        nothing and succeeds would hide the mistake, so opsctl refuses it as invalid input)
     */
    public static Playbook apply(Playbook playbook, String name) {
        StartAtTask s = new StartAtTask(name);
        List<Play> plays = new ArrayList<>();
        for (Play p : playbook.plays()) {
            plays.add(p.withSections(s.prune(p.preTasks()), s.prune(p.tasks()), s.prune(p.postTasks())));
        }
        if (!s.found) {
            throw new InputException(Source.of("--start-at-task"), "No matching task \"" + name
                    + "\" found. Note: --start-at-task can only follow static includes.");
        }
        return new Playbook(playbook.file(), plays, playbook.includedFiles());
    }

    /** The nodes from the first match on; all of them once a match was found earlier. */
    private List<TaskNode> prune(List<TaskNode> nodes) {
        if (found) return nodes;
        List<TaskNode> out = new ArrayList<>();
        for (TaskNode n : nodes) {
            if (found) {
                out.add(n);
            } else if (n instanceof Task t && matches(t)) {
                found = true;
                out.add(t);
            } else if (n instanceof Block b) {
                List<TaskNode> block = prune(b.block());
                if (found) {
                    out.add(new Block(b.name(), b.at(), block, b.rescue(), b.always()));
                    continue;
                }
                // A match in rescue or always: the block part before it is skipped, so nothing is rescued.
                List<TaskNode> rescue = prune(b.rescue());
                List<TaskNode> always = prune(b.always());
                if (found) out.add(new Block(b.name(), b.at(), List.of(), rescue, always));
            }
            // Tasks, includes and meta actions before the match are left out.
        }
        return out;
    }

    private boolean matches(Task t) {
        String display = t.displayName();
        String name = t.name();
        return (name != null && !name.isBlank() && (name.equals(wanted) || glob.matcher(name).matches()))
                || display.equals(wanted) || glob.matcher(display).matches();
    }
}
