package dev.opsctl.cli;

import dev.opsctl.exec.Workload;
import dev.opsctl.safety.Targets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl validate}: check a playbook and inventory without contacting any host. */
@Command(mixinStandardHelpOptions = true, name = "validate", description = "Check a playbook and its inventory without contacting any host.",
        footer = {"", ExitCode.HELP})
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    PlaybookOptions options = new PlaybookOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Workload w = Workload.load(options.playbook, options.inventory.choice().sources(), options.extraVars(), options.limit);
        // Hosts are not contacted; which plays would reach none, and a --limit that leaves none, are known already.
        Targets.of(w.inventory(), w.playbook().plays(), options.limit, options.inventory.choice().implicitOnly())
                .warnings().forEach(spec.commandLine().getErr()::println);
        spec.commandLine().getErr().flush();
        int tasks = w.playbook().plays().stream().mapToInt(p -> p.allTasks().size()).sum();
        spec.commandLine().getOut().printf("%s: valid (%d plays, %d tasks)%n", options.playbook, w.playbook().plays().size(), tasks);
        return ExitCode.OK;
    }
}
