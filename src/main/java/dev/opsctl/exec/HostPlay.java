package dev.opsctl.exec;

import dev.opsctl.transport.access.HostAccess;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.playbook.Play;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.LocalConnection;
import java.util.Set;

/**
 * One play on one host: what the stages of its run ({@link TaskWalker}, {@link TaskRunner}, {@link FactPrefetch},
 * {@link StepQueue}) share. Built by {@link HostRun}.
 *
 * @param notified handlers notified and not yet run
 */
record HostPlay(HostState state, Play play, RunSettings settings, RunMode mode, ModuleRegistry modules, Tags tags,
                TaskVariables variables, TaskPlanner planner, Outcomes outcomes, StepQueue queue, Set<String> notified) {

    /** Whether and as whom a task runs with sudo (see {@link TaskScope#become}). */
    Become become(TaskScope scope) {
        return scope.become(play, settings, state.connection.user());
    }

    /** The controller, for a task delegated to {@code localhost}. */
    Connection controller(Become become) {
        if (state.controller == null) state.controller = new LocalConnection("localhost");
        return HostAccess.as(state.controller, become);
    }
}
