package dev.opsctl.playbook;

import dev.opsctl.diag.Source;
import java.util.List;

/** {@code meta:} actions that steer the run rather than change a host. */
public record Meta(Action action, Source at, List<String> tags) implements TaskNode {
    /** The meta actions opsctl runs; Ansible's others are an error at load time. */
    public enum Action {
        FLUSH_HANDLERS, NOOP;

        public static Action of(String name) {
            return switch (name) {
                case "flush_handlers" -> FLUSH_HANDLERS;
                case "noop" -> NOOP;
                default -> null;
            };
        }
    }
}
