package dev.opsctl.module;

import java.util.Map;

/** What a controller module may use: the host's variables and the template engine. */
public interface TaskContext {
    Map<String, Object> vars();

    /** Evaluates a bare Jinja expression ({@code when:} style) against the host's variables. */
    Object evaluate(String expression);

    /** Renders a string that may contain {@code {{ }}}. */
    Object render(Object value);

    String hostName();
}
