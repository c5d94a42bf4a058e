package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import java.util.List;
import java.util.Map;

/**
 * {@code meta:} actions that steer the run rather than change a host.
 *
 * @param when the condition of an {@code end_host} (its own and its blocks'), or null
 */
public record Meta(Action action, Source at, List<String> tags, Object when) implements TaskNode {
    /** The meta actions opsctl runs; Ansible's others are an error at load time. */
    public enum Action {
        FLUSH_HANDLERS, NOOP, END_HOST;

        public static Action of(String name) {
            return switch (name) {
                case "flush_handlers" -> FLUSH_HANDLERS;
                case "noop" -> NOOP;
                case "end_host" -> END_HOST;
                default -> null;
            };
        }
    }

    /** The meta task as a task of its own, for evaluating its condition and reporting under its position. */
    public Task asTask() {
        return new Task(null, "meta", Map.of(), at, when, null, "item", null, null, List.of(), tags, null, null, false, false,
                Map.of(), null, null, List.of(), null, null, null, null, null, false, Map.of(), null);
    }
}
