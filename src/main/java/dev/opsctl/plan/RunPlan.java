package dev.opsctl.plan;

import dev.opsctl.secret.Secrets;
import dev.opsctl.transport.Payload;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one converter from a run's results to the plan model ({@link Plan}). Text a {@code no_log} task would show is
 * left out here, once, so no format can show it; so are the script and content of a sensitive step (a {@code no_log}
 * task, or one holding a secret opsctl knows), of which only keyed digests are kept.
 */
public final class RunPlan {
    /** Shown instead of what a {@code no_log} task would say. */
    public static final String SUPPRESSED = "(output suppressed: no_log)";

    /** Modules whose planned change predicts the package database, not the files and directories the packages bring. */
    public static final Set<String> PREDICTS_NO_FILES = Set.of("apt", "package", "dnf", "yum");

    private RunPlan() {}

    public static Plan of(RunResult run) {
        List<HostPlan> hosts = new ArrayList<>();
        for (HostResult h : run.hosts()) hosts.add(host(h, run.playbookDir()));
        return new Plan(hosts);
    }

    private static HostPlan host(HostResult h, java.nio.file.Path playbookDir) {
        List<PlannedTask> tasks = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean unpredictable = false;
        for (TaskOutcome o : h.outcomes()) {
            String source = TaskSource.of(o.at(), playbookDir);
            TaskAddress unnumbered = new TaskAddress(o.task(), source, o.noLog() ? null : o.item(), o.handler(), 0);
            int n = seen.merge(unnumbered.key(), 1, Integer::sum) - 1;
            TaskAddress address = new TaskAddress(o.task(), source, unnumbered.item(), o.handler(), n);
            tasks.add(task(address, o, unpredictable));
            Change c = o.change();
            // As HostRun decides it while planning, but over the whole host: an earlier play's command counts too.
            if (o.status() == TaskOutcome.Status.CHANGED && c != null
                    && (c.action() == Action.RUN || PREDICTS_NO_FILES.contains(o.module()))) {
                unpredictable = true;
            }
        }
        return new HostPlan(h.host(), h.state().name().toLowerCase(), h.error(), h.factDigests(), tasks);
    }

    private static PlannedTask task(TaskAddress address, TaskOutcome o, boolean afterUnpredictable) {
        Change c = o.change();
        boolean sensitive = o.noLog() || c != null && c.steps().stream().anyMatch(RunPlan::holdsSecret);
        List<PlannedStep> steps = new ArrayList<>();
        if (c != null) for (Step s : c.steps()) steps.add(step(s, sensitive));
        // A change with no steps that still runs is one whose result is known only after apply (KnownAfterApply).
        boolean unknown = c != null && c.action() == Action.RUN && c.steps().isEmpty();
        String message = o.noLog() && o.message() != null ? SUPPRESSED : o.message();
        return new PlannedTask(address, o.module(), o.status().name().toLowerCase(), o.action(),
                c == null ? Action.NO_OP : c.action(),
                c == null ? null : o.noLog() ? SUPPRESSED : c.summary(),
                c == null || o.noLog() ? List.of() : c.details(),
                c == null || o.noLog() ? null : c.diff(),
                message, o.noLog(), o.quietRun(), sensitive, unknown, afterUnpredictable, steps);
    }

    private static boolean holdsSecret(Step s) {
        // Content streamed from a controller file is sent as it is on disk, never rendered with a secret in it.
        return Secrets.contains(s.script()) || s.input().inMemory() && Secrets.isSensitive(s.stdin());
    }

    private static PlannedStep step(Step s, boolean sensitive) {
        // Without a vault password to key it, a digest of a secret would let anyone test guesses: none is kept.
        if (sensitive && !Secrets.keyed()) return new PlannedStep(null, null, (Payload) null, null);
        if (sensitive) {
            return new PlannedStep(null, StepDigest.script(s.script(), Secrets::fingerprint), (Payload) null,
                    StepDigest.content(s.stdin(), Secrets::fingerprint));
        }
        return new PlannedStep(s.script(), StepDigest.script(s.script(), StepDigest::sha256), s.input(), s.input().sha256());
    }
}
