package dev.opsctl.module;

import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.TransportException;
import java.util.Map;

/**
 * A host module whose change is a write on the controller ({@code fetch}): the engine completes the host's plan
 * with what the controller holds, and in apply, once the host's pending steps ran, lets the module read from the host
 * and write locally. Nothing it does reaches the host but reads.
 *
 * @param <A> the module's typed arguments
 */
public interface ControllerWrite<A> {
    /** The plan, completed with the controller's side; {@code vars} are the task's variables (inventory_hostname, playbook_dir). */
    Planned onController(A args, Planned hostPlan, Map<String, Object> vars);

    /** Carries out a planned change: reads through {@code conn}, writes on the controller; a failure is a non-zero result. */
    ExecResult write(A args, Planned planned, Connection conn) throws TransportException;

    /** {@link #write} for a module known only as a {@link HostModule}. */
    @SuppressWarnings("unchecked")
    static <A> ExecResult carryOut(HostModule<A> module, Object args, Planned planned, Connection conn) throws TransportException {
        return ((ControllerWrite<A>) module).write((A) args, planned, conn);
    }
}
