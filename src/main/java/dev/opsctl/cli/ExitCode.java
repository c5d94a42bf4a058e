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
    /** apply with opsctl_window, reboot with --window: the window was closed when a batch was due; hosts are left. */
    public static final int WINDOW_CLOSED = 6;
    /** apply: another run holds each failed host's lock; reboot: another reboot of the same inventory and pattern holds the lock. */
    public static final int LOCKED = 7;

    /** 130 after SIGINT, 143 after SIGTERM, as a shell reports a process the signal ended. */
    static int interrupted() {
        return dev.opsctl.exec.Interruption.exitCode(dev.opsctl.exec.Interruption.requested());
    }

    static final String HELP = """
            Exit codes:
              0  plan: no changes (or any result without --detailed-exitcode); apply: every host ok
              1  an error in opsctl itself
              2  plan: changes pending (with --detailed-exitcode); apply: one or more hosts failed
              3  invalid input: playbook, inventory, vars or arguments (plan: a task could not be planned);
                 refused: --limit leaves no host, more hosts than --max-hosts/opsctl_max_hosts, protected hosts
                 (opsctl_protected) without --confirm and without a terminal, reboot without --yes and without a terminal
              4  one or more hosts unreachable
              5  apply of a saved plan: inputs changed or a host drifted since the plan was made; nothing was changed
              6  apply (opsctl_window) or reboot (--window): the maintenance window closed before every batch ran;
                 the hosts left for the next window are listed
              7  apply: another run holds the lock of every host that failed (see --lock-timeout);
                 reboot: another run for the same inventory and pattern holds the lock; nothing was done
            130/143  interrupted by SIGINT/SIGTERM: each host finished the remote command under way; the recap says what was done""";

    private ExitCode() {}
}
