package dev.opsctl.cli;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.exec.Tags;
import dev.opsctl.exec.Workload;
import dev.opsctl.listing.PlaybookListing;
import dev.opsctl.playbook.StartAtTask;
import dev.opsctl.saved.SavedPlanFile;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code ansible-playbook} flags an operator types from habit, on plan and apply: {@code -C/--check},
 * {@code --list-hosts}, {@code --list-tasks}, {@code --list-tags}, {@code --syntax-check}, {@code --start-at-task}.
 * A listing or syntax check replaces the run and contacts no host.
 */
public final class AnsibleHabits {
    @Option(names = {"-C", "--check"}, description = "As ansible-playbook --check: only plan, change nothing (what 'opsctl plan' does; with -D/--diff, the diffs).")
    boolean check;

    @Option(names = "--list-hosts", description = "List each play's hosts (after --limit) and exit; no host is contacted.")
    boolean listHosts;

    @Option(names = "--list-tasks", description = "List each play's tasks with their tags (after --tags/--skip-tags) and exit.")
    boolean listTasks;

    @Option(names = "--list-tags", description = "List each play's task tags and exit.")
    boolean listTags;

    @Option(names = "--syntax-check", description = "Check the playbook and inventory as 'opsctl validate' does and exit (3 when invalid).")
    boolean syntaxCheck;

    @Option(names = "--start-at-task", paramLabel = "NAME",
            description = "Leave out every task before the first one named NAME (or 'role : NAME'; a shell glob matches too).")
    String startAtTask;

    /**
     * The exit code when one of these flags replaces the command's own run ({@code --list-*}, {@code --syntax-check},
     * {@code apply --check}), or null when the command runs as usual.
     */
    Integer instead(RunCommand cmd, int forks) {
        boolean listing = listHosts || listTasks || listTags;
        boolean saved = SavedPlanFile.isSavedPlan(cmd.options.playbook);
        if (saved && (listing || syntaxCheck || check || startAtTask != null)) {
            throw new CliException(ExitCode.INVALID_INPUT, "a saved plan is applied as reviewed: --check, --list-*, "
                    + "--syntax-check and --start-at-task apply to a playbook (see the saved plan with 'opsctl show')");
        }
        if (startAtTask != null && cmd.spec.findOption("--out") != null
                && cmd.spec.commandLine().getParseResult().hasMatchedOption("--out")) {
            throw new CliException(ExitCode.INVALID_INPUT, "--start-at-task plans part of the playbook; such a plan cannot be saved with -o");
        }
        if (syntaxCheck) {
            Workload w = loadQuietly(cmd);
            ValidateCommand.printWarnings(w, cmd.options, cmd.err());
            cmd.out().println();
            cmd.out().println("playbook: " + cmd.options.playbook);
            return ExitCode.OK;
        }
        if (listing) {
            Workload w = loadQuietly(cmd);
            new PlaybookListing(listHosts, listTasks, listTags).print(w.playbook(), cmd.options.playbook.toString(),
                    w.inventory(), cmd.options.limit, new Tags(cmd.options.tags, cmd.options.skipTags), cmd.out());
            return ExitCode.OK;
        }
        if (check && cmd.spec.name().equals("apply")) return planOnly(cmd, forks);
        return null;
    }

    /** The workload with {@code --start-at-task} applied (as loaded when it is not given). */
    Workload startAt(Workload w) {
        if (startAtTask == null) return w;
        return new Workload(StartAtTask.apply(w.playbook(), startAtTask), w.inventory(), w.extraVars(), w.modules(), w.templater());
    }

    /** Loads and checks the playbook and inventory without the run's banner; what is invalid throws (exit 3). */
    private static Workload loadQuietly(RunCommand cmd) {
        return Workload.load(cmd.options.playbook, cmd.options.inventory.choice().sources(), cmd.options.extraVars(), cmd.options.limit);
    }

    /** {@code apply --check}: the plan, with plan's exit codes (0, or 3 when a task fails, 4 when a host is unreachable). */
    private static int planOnly(RunCommand cmd, int forks) {
        Map<String, Object> extra = cmd.options.extraVars();
        Workload w = cmd.load(extra);
        RunResult r = cmd.run(w, cmd.settings(Mode.PLAN, forks, extra));
        cmd.render(r);
        if (r.halt() != null && r.halt().cause() == dev.opsctl.plan.Halt.Cause.INTERRUPTED) return ExitCode.interrupted();
        if (r.anyFailed()) return ExitCode.INVALID_INPUT;
        if (r.anyUnreachable()) return ExitCode.UNREACHABLE;
        return ExitCode.OK;
    }
}
