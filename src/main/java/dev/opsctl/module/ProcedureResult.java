package dev.opsctl.module;

import java.util.Map;

/**
 * What a {@link ProcedureModule} did.
 *
 * @param failure    why it failed, or null
 * @param registered values for {@code register:} (the engine adds changed and failed)
 */
public record ProcedureResult(String failure, Map<String, Object> registered) {
    public ProcedureResult {
        registered = Map.copyOf(registered);
    }

    public boolean failed() {
        return failure != null;
    }
}
