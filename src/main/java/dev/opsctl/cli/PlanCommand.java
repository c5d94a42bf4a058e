package dev.opsctl.cli;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.exec.Workload;
import dev.opsctl.report.Version;
import dev.opsctl.saved.InputFiles;
import dev.opsctl.saved.SavedPlan;
import dev.opsctl.saved.SavedPlanFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code opsctl plan}: what apply would change, changing nothing; {@code -o FILE} saves it for {@code apply FILE}. */
@Command(mixinStandardHelpOptions = true, name = "plan", description = "Show what apply would change, without changing anything.",
        modelTransformer = ExitCode.Listed.class)
final class PlanCommand extends RunCommand implements Callable<Integer> {
    @Option(names = "--detailed-exitcode", description = "Exit 2 when changes are pending, 0 when there are none.")
    boolean detailedExitCode;

    @Option(names = {"-f", "--forks"}, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    int forks = 50;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Save the plan, as JSON, for 'opsctl apply FILE' (not when a host failed or was unreachable).")
    Path out;

    @Override
    public Integer call() {
        SavedPlanName.check(out);
        Integer instead = habits.instead(this, forks);
        if (instead != null) return instead;
        Map<String, Object> extra = options.extraVars();
        Workload w = load(extra);
        RunResult r = run(w, settings(Mode.PLAN, forks, extra));
        render(r);
        if (r.halt() != null && r.halt().cause() == dev.opsctl.plan.Halt.Cause.INTERRUPTED) return ExitCode.interrupted();
        if (out != null) save(w, extra, r);
        if (r.anyFailed()) return ExitCode.INVALID_INPUT;
        if (r.anyUnreachable()) return ExitCode.UNREACHABLE;
        if (detailedExitCode && r.hasChanges()) return ExitCode.CHANGES_OR_FAILED;
        return ExitCode.OK;
    }

    private void save(Workload w, Map<String, Object> extra, RunResult r) {
        // A plan with holes would apply as if the missing hosts needed nothing.
        if (r.anyFailed() || r.anyUnreachable()) {
            err().println("Plan not saved to " + out + ": a host failed or was unreachable.");
            return;
        }
        // An "h1,h2," host list is not a path; it is kept as given.
        SavedPlan.Request request = SavedPlan.Request.of(InputFiles.display(options.playbook),
                options.inventory.inventories.stream().map(p -> p.toFile().exists() ? InputFiles.display(p) : p.toString()).toList(),
                options.limit, options.tags, options.skipTags, options.become, extra);
        Map<String, String> inputs = InputFiles.digests(options.playbook, options.inventory.inventories,
                w.playbook().includedFiles(), extraVarFiles(), r.filesRead());
        SavedPlan plan = new SavedPlan(Version.get(), Instant.now().toString(), request, inputs, RunPlan.of(r),
                sharded == null ? null : new SavedPlan.ShardPart(sharded.shard().index(), sharded.shard().count(), sharded.selected(),
                        sharded.selectionSha256()));
        try {
            SavedPlanFile.write(plan, out);
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot write " + out + ": " + e.getMessage());
        }
        err().println("Plan saved to " + out + "; apply it with: opsctl apply " + out);
    }

    @Override
    boolean diffsKept() {
        return out != null;
    }
}
