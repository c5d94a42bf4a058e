package dev.opsctl.module;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.transport.ExecResult;
import java.util.List;
import java.util.Map;

/**
 * A module that changes a host: typed args, the facts it needs, and a pure plan.
 * The engine carries out the planned {@link dev.opsctl.plan.Change#steps()}.
 *
 * @param <A> the module's typed, validated arguments
 */
public non-sealed interface HostModule<A> extends Module {
    /** Reads rendered arguments; throws {@link ArgException} naming the argument when one is wrong. */
    A parse(Args args, ModuleContext ctx);

    /** What it must know about the host to plan. */
    List<FactQuery<?>> facts(A args);

    /** Pure: no I/O. {@code facts} holds answers to {@link #facts}. */
    Planned plan(A args, Facts facts);

    /**
     * What {@code register:} holds after the change ran; {@code last} is the last step's result (null when
     * nothing ran). The engine adds {@code changed} and {@code failed}.
     */
    default Map<String, Object> registered(A args, Planned planned, ExecResult last) {
        return Map.of();
    }

    /**
     * Whether running this task's RUN change is reported as no change, as Ansible reports it ({@code uri}: a request
     * the host makes, changed=false): it runs in apply, and counts as ok, not changed, like {@code changed_when: false}.
     */
    default boolean reportsNoChange(A args) {
        return false;
    }

    /** Whether a step's result means the task failed. Default: any non-zero exit. */
    default boolean failed(A args, ExecResult result) {
        return !result.ok();
    }
}
