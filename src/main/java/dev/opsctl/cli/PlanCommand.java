package dev.opsctl.cli;

import dev.opsctl.exec.Mode;
import dev.opsctl.exec.RunResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsctl plan}: what apply would change, changing nothing. */
@Command(mixinStandardHelpOptions = true, name = "plan", description = "Show what apply would change, without changing anything.",
        footer = {"", ExitCode.HELP})
final class PlanCommand extends RunCommand implements Callable<Integer> {
    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending, 0 when there are none.")
    boolean detailedExitCode;

    @Option(names = {"-f", "--forks"}, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    int forks = 50;

    @Override
    public Integer call() {
        RunResult r = execute(Mode.PLAN, forks);
        if (r.anyFailed()) return ExitCode.INVALID_INPUT;
        if (r.anyUnreachable()) return ExitCode.UNREACHABLE;
        if (detailedExitCode && r.hasChanges()) return ExitCode.CHANGES_OR_FAILED;
        return ExitCode.OK;
    }
}
