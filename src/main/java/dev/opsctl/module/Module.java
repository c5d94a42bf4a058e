package dev.opsctl.module;

/**
 * A task's action. Either a {@link HostModule} (a pure planner over host facts; the engine runs the
 * change's steps) or a {@link ControllerModule} (runs on the controller: debug, set_fact, assert, fail).
 */
public sealed interface Module permits HostModule, ControllerModule {
    /** The short name ("file"); {@code ansible.builtin.file} resolves to it. */
    String name();

    /** The arguments it accepts, checked before any connection. */
    ArgSpec spec();
}
