package dev.opsctl.module;

import java.util.Map;

/**
 * What a controller module did.
 *
 * @param setVars  variables to set on the host from now on (set_fact)
 * @param message  text to show (debug), or null
 * @param failure  why the task failed (assert, fail), or null
 * @param registered extra values for {@code register:}
 */
public record ControllerResult(Map<String, Object> setVars, String message, String failure, Map<String, Object> registered) {
    public static ControllerResult ok() {
        return new ControllerResult(Map.of(), null, null, Map.of());
    }

    public static ControllerResult message(String text) {
        return new ControllerResult(Map.of(), text, null, Map.of("msg", text));
    }

    public static ControllerResult failed(String why) {
        return new ControllerResult(Map.of(), null, why, Map.of("msg", why));
    }
}
