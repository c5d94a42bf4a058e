package dev.opsctl.module;

/**
 * A task's action. Either a {@link HostModule} (a pure planner over host facts; the engine runs the
 * change's steps), a {@link ControllerModule} (runs on the controller: debug, set_fact, assert, fail), or a
 * {@link ProcedureModule} (drops and reopens the host's connection: reboot).
 */
public sealed interface Module permits HostModule, ControllerModule, ProcedureModule {
    /** The short name ("file"); {@code ansible.builtin.file} resolves to it. */
    String name();

    /** The arguments it accepts, checked before any connection. */
    ArgSpec spec();
}
