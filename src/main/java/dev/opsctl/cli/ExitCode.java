package dev.opsctl.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

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

    /** Each code and what it means; {@code --help} and the man pages list them (see {@link Listed}). */
    static final Map<String, String> LIST = listOf(
            "0", "plan: no changes (or any result without --detailed-exitcode); apply: every host ok",
            "1", "an error in opsctl itself",
            "2", "plan: changes pending (with --detailed-exitcode); apply: one or more hosts failed",
            "3", "invalid input: playbook, inventory, vars or arguments (plan: a task could not be planned); "
                    + "refused: --limit leaves no host, more hosts than --max-hosts/opsctl_max_hosts, protected hosts "
                    + "(opsctl_protected) without --confirm and without a terminal, reboot without --yes and without a terminal",
            "4", "one or more hosts unreachable",
            "5", "apply of a saved plan: inputs changed or a host drifted since the plan was made, "
                    + "or it lacks the approvals its hosts need (opsctl_approvals); nothing was changed",
            "6", "apply (opsctl_window) or reboot (--window): the maintenance window closed before every batch ran; "
                    + "the hosts left for the next window are listed",
            "7", "apply: another run holds the lock of every host that failed (see --lock-timeout); "
                    + "reboot: another run for the same inventory and pattern holds the lock; nothing was done",
            "130/143", "interrupted by SIGINT/SIGTERM: each host finished the remote command under way; the recap says what was done");

    private static Map<String, String> listOf(String... codeThenMeaning) {
        Map<String, String> list = new LinkedHashMap<>();
        for (int i = 0; i < codeThenMeaning.length; i += 2) list.put(codeThenMeaning[i], codeThenMeaning[i + 1]);
        return Collections.unmodifiableMap(list);
    }

    /**
     * Adds the exit-code list to a command's usage help. A model transformer, not a footer, so that picocli lays
     * the list out as a two-column table that wraps at the terminal's width, and so that the man page generator
     * (which builds the command from its annotations, not through {@link Main}) shows it as well.
     */
    public static final class Listed implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(LIST);
            return spec;
        }
    }

    private ExitCode() {}
}
