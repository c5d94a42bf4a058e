package dev.opsctl.cli;

import dev.opsctl.config.AnsibleConfig;
import dev.opsctl.exec.Workload;
import dev.opsctl.safety.Targets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl validate}: check a playbook and inventory without contacting any host. */
@Command(mixinStandardHelpOptions = true, name = "validate", description = "Check a playbook and its inventory without contacting any host.",
        modelTransformer = ExitCode.Listed.class)
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    PlaybookOptions options = new PlaybookOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Workload w = Workload.load(options.playbook, options.inventory.choice().sources(), options.extraVars(), options.limit);
        printWarnings(w, options, spec.commandLine().getErr());
        int tasks = w.playbook().plays().stream().mapToInt(p -> p.allTasks().size()).sum();
        spec.commandLine().getOut().printf("%s: valid (%d plays, %d tasks)%n", options.playbook, w.playbook().plays().size(), tasks);
        return ExitCode.OK;
    }

    /** What validate (and {@code --syntax-check}) warn of: plays reaching no host, what opsctl lacks, unhonoured settings. */
    static void printWarnings(Workload w, PlaybookOptions options, java.io.PrintWriter err) {
        // Hosts are not contacted; which plays would reach none, and a --limit that leaves none, are known already.
        Targets.of(w.inventory(), w.playbook().plays(), options.limit, options.inventory.choice().implicitOnly())
                .warnings().forEach(err::println);
        err.flush();
        // What opsctl lacks but Ansible has fails only where it runs: listed here, not an error.
        w.playbook().plays().stream().flatMap(p -> p.allTasks().stream()).filter(t -> t.unsupported() != null)
                .map(t -> t.at() + ": " + t.unsupported()).distinct()
                .forEach(line -> err.println("warning: " + line));
        AnsibleConfig cfg = AnsibleConfig.get();
        cfg.found().ifPresent(f -> cfg.unhonoured().forEach(setting ->
                err.println("warning: " + f + ": " + setting + " is not honoured by opsctl")));
    }
}
