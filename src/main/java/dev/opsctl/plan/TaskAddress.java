package dev.opsctl.plan;

/**
 * Where a planned task sits in a host's run: its name as shown (a role's tasks carry the role's prefix), the
 * playbook position it was written at (which tells plays and included files apart), the loop item's label, whether
 * it is a handler, and how many tasks with the same four came before it on that host (a file included twice).
 *
 * @param item the loop item's label, or null (always null for {@code no_log} tasks: a label may hold a secret)
 */
public record TaskAddress(String task, String source, String item, boolean handler, int occurrence) {
    /** The address without its occurrence, the part a task knows of itself. */
    public String key() {
        return task + "\u0000" + source + "\u0000" + item + "\u0000" + handler;
    }

    @Override
    public String toString() {
        return task + (item == null ? "" : " (item=" + item + ")") + (handler ? " (handler)" : "") + " at " + source
                + (occurrence == 0 ? "" : " #" + (occurrence + 1));
    }
}
