package dev.opsctl.template;

import dev.opsctl.diag.Source;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A registered result that a plan knows only in part: a command that will run is known to change the host
 * ({@code changed: true}) long before its {@code rc} or {@code stdout} exist. Its known keys read as usual; reading any
 * other key (directly, under {@code default}, {@code is defined}, or through a test such as {@code is failed}) fails the
 * rendering with an undefined {@code NAME.KEY}, which the run reports as known after apply, never as a guess.
 */
public final class PartlyKnown extends LinkedHashMap<String, Object> {
    private static final long serialVersionUID = 1L;

    private final String name;

    /** @param name the variable that holds it (the task's {@code register}) */
    public PartlyKnown(String name, Map<String, ?> known) {
        super(known);
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Whether {@code key} is one of the known keys. */
    boolean knows(Object key) {
        return containsKey(key) || containsKey(String.valueOf(key));
    }

    UndefinedVariableException unknown(Object key, Source at) {
        String variable = name + "." + key;
        return new UndefinedVariableException(variable, "'" + variable + "' is known only after apply", at);
    }
}
