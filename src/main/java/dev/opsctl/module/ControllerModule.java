package dev.opsctl.module;

/** A module that runs on the controller, in plan and apply alike: it reads and sets variables, nothing on the host. */
public non-sealed interface ControllerModule extends Module {
    ControllerResult run(Args args, TaskContext ctx);
}
