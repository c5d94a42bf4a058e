package dev.opsctl.plan;

import java.util.List;

/**
 * The difference between desired and actual state for one task on one host.
 *
 * @param action  what happens
 * @param summary what it is about, for people ("directory /srv/app"); never used for decisions
 * @param details what changes, one line each ("mode 0644 -> 0640"); or why nothing does ("already exists")
 * @param diff    a unified diff of file content, or null
 * @param steps   the remote commands that carry the change out, in order
 */
public record Change(Action action, String summary, List<String> details, String diff, List<Step> steps) {
    public Change {
        details = List.copyOf(details);
        steps = List.copyOf(steps);
    }

    public static Change none(String summary, String why) {
        return new Change(Action.NO_OP, summary, List.of(why), null, List.of());
    }
}
