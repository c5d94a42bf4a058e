package dev.opsctl.module;

/** A module that runs on the controller, in plan and apply alike: it reads and sets variables, nothing on the host. */
public non-sealed interface ControllerModule extends Module {
    ControllerResult run(Args args, TaskContext ctx);

    /**
     * Whether the variables this module sets are data (set_fact: values already rendered), never rendered again;
     * false for variables read from files on the controller (include_vars), which are templates like any vars file.
     */
    default boolean setsData() {
        return true;
    }
}
