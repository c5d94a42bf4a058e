package dev.opsctl.module;

import dev.opsctl.plan.Change;
import dev.opsctl.transport.Reconnectable;
import dev.opsctl.transport.TransportException;

/**
 * A module whose work cannot be a list of steps on one connection because it drops the connection and opens it
 * again (reboot). It plans as RUN and does nothing in plan; in apply the engine hands it the host's connection.
 *
 * @param <A> the module's typed, validated arguments
 */
public non-sealed interface ProcedureModule<A> extends Module {
    /** Reads rendered arguments; throws {@link ArgException} naming the argument when one is wrong. */
    A parse(Args args, ModuleContext ctx);

    /** Pure: what the plan shows (a RUN; no facts are needed). */
    Change plan(A args);

    /** Carries the work out; a host that does not come back is a failed result, not an exception. */
    ProcedureResult run(A args, Reconnectable host) throws TransportException;
}
