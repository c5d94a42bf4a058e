package dev.opsctl.cli;

/** opsctl's exit codes (design.md); {@code --help} lists them. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int INTERNAL = 1;
    /** plan with --detailed-exitcode: changes pending; apply: one or more hosts failed. */
    public static final int CHANGES_OR_FAILED = 2;
    public static final int INVALID_INPUT = 3;
    public static final int UNREACHABLE = 4;
    /** apply FILE: the saved plan is stale (inputs changed or a host drifted); nothing was changed. */
    public static final int STALE_PLAN = 5;

    static final String HELP = """
            Exit codes:
              0  plan: no changes (or any result without --detailed-exitcode); apply: every host ok
              1  an error in opsctl itself
              2  plan: changes pending (with --detailed-exitcode); apply: one or more hosts failed
              3  invalid input: playbook, inventory, vars or arguments (plan: a task could not be planned)
              4  one or more hosts unreachable
              5  apply of a saved plan: inputs changed or a host drifted since the plan was made; nothing was changed""";

    private ExitCode() {}
}
