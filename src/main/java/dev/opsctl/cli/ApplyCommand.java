package dev.opsctl.cli;

import dev.opsctl.exec.Mode;
import dev.opsctl.exec.RunResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsctl apply}: plan, then carry out exactly the needed changes on every host. */
@Command(mixinStandardHelpOptions = true, name = "apply", description = "Plan and apply the changes each host needs.",
        footer = {"", ExitCode.HELP})
final class ApplyCommand extends RunCommand implements Callable<Integer> {
    @Option(names = {"-f", "--forks"}, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    int forks = 50;

    @Override
    public Integer call() {
        RunResult r = execute(Mode.APPLY, forks);
        if (r.anyFailed()) return ExitCode.CHANGES_OR_FAILED;
        if (r.anyUnreachable()) return ExitCode.UNREACHABLE;
        return ExitCode.OK;
    }
}
