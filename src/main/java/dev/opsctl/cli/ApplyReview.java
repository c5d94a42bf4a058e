package dev.opsctl.cli;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.exec.RunSettings;
import dev.opsctl.exec.Workload;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Apply on a terminal, as Terraform does it: plan, show the plan, ask; only {@code yes} (or, for protected hosts, the
 * names of their groups) lets the apply go on, and then only the hosts the plan showed changes for are applied to.
 */
final class ApplyReview {
    private ApplyReview() {}

    static int planThenAsk(ApplyCommand cmd, Workload w, RunSettings settings) {
        RunResult plan = cmd.run(w, settings.with(Mode.PLAN, settings.only()));
        cmd.render(plan);
        if (plan.anyFailed() || plan.anyUnreachable()) {
            cmd.err().println("The plan has errors; nothing was changed.");
            return plan.anyUnreachable() && !plan.anyFailed() ? ExitCode.UNREACHABLE : ExitCode.CHANGES_OR_FAILED;
        }
        Set<String> changing = plan.hosts().stream().filter(HostResult::hasChanges).map(HostResult::host).collect(Collectors.toSet());
        if (changing.isEmpty()) return ExitCode.OK;
        cmd.out().println();
        if (cmd.protection.missingFor(w.inventory(), changing)) {
            if (!cmd.protection.confirmed(w.inventory(), changing, cmd.terminal, false, "apply to")) return cmd.cancelled();
        } else {
            String answer = cmd.terminal.ask("Apply these changes to " + changing.size() + (changing.size() == 1 ? " host" : " hosts")
                    + "? Only 'yes' will be accepted: ");
            if (!"yes".equals(answer)) return cmd.cancelled();
        }
        // Exactly what was shown: its steps run, not those of a second planning pass.
        return ApplyCommand.exitCode(cmd.renderedRun(w, settings.with(Mode.APPLY, changing).reviewing(ApplyCommand.reviewed(RunPlan.of(plan)))));
    }
}
