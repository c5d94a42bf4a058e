package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.Change;
import dev.opsctl.secret.Secrets;
import java.util.List;

/**
 * A run's result with every secret's literal value masked in what people and files see (task names, summaries,
 * details, diffs, messages, errors), before any format escapes it: a JSON, Markdown or XML escape would otherwise
 * hide a secret from the output filter. The steps, which apply carries out, are kept as they are.
 */
public final class MaskedResult {
    private MaskedResult() {}

    public static RunResult of(RunResult r) {
        if (!Secrets.any()) return r;
        List<HostResult> hosts = r.hosts().stream().map(MaskedResult::host).toList();
        return new RunResult(r.mode(), hosts, r.wallMillis(), r.filesRead(), r.halt(), r.playbookDir());
    }

    private static HostResult host(HostResult h) {
        return new HostResult(h.host(), h.outcomes().stream().map(MaskedResult::outcome).toList(), h.state(), Secrets.mask(h.error()),
                h.stats(), h.factDigests());
    }

    private static TaskOutcome outcome(TaskOutcome o) {
        return new TaskOutcome(Secrets.mask(o.task()), o.at(), o.module(), change(o.change()), o.status(), Secrets.mask(o.message()),
                Secrets.mask(o.item()), o.noLog(), o.quietRun(), o.handler());
    }

    private static Change change(Change c) {
        if (c == null) return null;
        return new Change(c.action(), Secrets.mask(c.summary()), c.details().stream().map(Secrets::mask).toList(), Secrets.mask(c.diff()),
                c.steps());
    }
}
