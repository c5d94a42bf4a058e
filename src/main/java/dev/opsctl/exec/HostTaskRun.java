package dev.opsctl.exec;

import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ControllerWrite;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.plan.TaskSource;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.PartlyKnown;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.access.HostAccess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One loop item of a host module's task: planned by {@link TaskPlanner} against the host's facts, then either only
 * recorded (a plan, or {@code check_mode}) or carried out: plain changes join the {@link StepQueue}, anything whose
 * real result matters runs now, with the queue ahead of it in the same exec.
 */
final class HostTaskRun {
    private final HostPlay run;
    private final FactPrefetch prefetch;

    HostTaskRun(HostPlay run, FactPrefetch prefetch) {
        this.run = run;
        this.prefetch = prefetch;
    }

    /** Where the item runs and what it will change there. */
    private record Item<A>(TaskScope scope, String label, boolean handler, int section, TaskPlanner.Parsed<A> parsed,
                           Planned planned, Become become, boolean local, Facts facts, Connection conn, boolean quiet,
                           Map<String, String> env) {
        Task task() {
            return scope.task();
        }

        Change change() {
            return planned.change();
        }

        /** What {@code register:} holds: the module's values, {@code changed} and {@code failed}. */
        Map<String, Object> registered(ExecResult last, boolean changed, boolean failed) {
            Map<String, Object> reg = new LinkedHashMap<>(parsed.module().registered(parsed.args(), planned, last));
            reg.put("changed", changed);
            reg.put("failed", failed);
            return reg;
        }

        /** As the run's quiet rule: only a RUN the module reports as no change (apt's refresh before packages in place). */
        boolean reportsNoChange() {
            return planned.change().action() == Action.RUN && parsed.module().reportsNoChange(parsed.args());
        }

        boolean failed(ExecResult last) {
            return parsed.module().failed(parsed.args(), last);
        }
    }

    /** Where an item runs: the host's own connection, the controller, or another inventory host ({@code delegate_to}). */
    private record Where(Become become, Facts facts, Connection conn, boolean offHost, String delegate) {}

    <A> ItemResult run(HostModule<A> hm, TaskScope scope, String label, boolean handler, int section) throws TransportException {
        TaskPlanner.Parsed<A> parsed = run.planner().parse(hm, scope);
        String to = scope.delegateTo();
        if (to == null) {
            Become become = run.become(scope);
            return run(parsed, scope, label, handler, section, new Where(become, run.state().facts, run.queue().connection(become), false, null));
        }
        // What the host has pending goes first, as Ansible runs the host's earlier tasks before this one.
        run.queue().flush();
        boolean controller = Delegates.isController(to);
        Delegates.Delegate d = controller ? null : run.state().delegates.open(to, run.play().connection(), scope.task().at());
        // One host's task at a time on a delegate or the controller: each reads it as the previous one left it (three
        // hosts making the same directory on the controller would otherwise all plan "create", and two fail).
        java.util.concurrent.locks.ReentrantLock lock = controller ? run.state().delegates.controllerLock() : d.lock();
        lock.lock();
        try {
            Become become = controller ? run.become(scope) : scope.become(run.play(), run.settings(), d.connection().user());
            // In apply it is read afresh under the lock (another host's task may have changed it); a plan keeps what
            // this host's earlier delegated tasks would leave there.
            Facts facts = run.mode().carriesOut() ? new Facts() : controller ? run.state().controllerFacts : run.state().delegateFacts(to);
            Connection conn = controller ? run.controller(become) : HostAccess.as(d.connection(), become);
            return run(parsed, scope, label, handler, section, new Where(become, facts, conn, true, controller ? null : to));
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private <A> ItemResult run(TaskPlanner.Parsed<A> parsed, TaskScope scope, String label, boolean handler, int section, Where where)
            throws TransportException {
        HostModule<A> hm = parsed.module();
        Become become = where.become();
        Facts facts = where.facts();
        Connection conn = where.conn();
        boolean local = where.offHost();
        prefetch.gatherFor(parsed.facts(), conn, facts);
        Planned planned = parsed.plan(facts);
        if (where.delegate() != null) planned = new Planned(onDelegate(planned.change(), where.delegate()), planned.predicted());
        // A write on the controller (fetch) compares with the controller's copy here (module/fetch).
        if (hm instanceof ControllerWrite<?>) planned = ((ControllerWrite<A>) hm).onController(parsed.args(), planned, scope.vars());
        // Where a reviewed plan holds this task's steps, those run, not a fresh render (plan/ReviewedPlan).
        if (run.settings().reviewed() != null) {
            Task task = scope.task();
            planned = new Planned(run.settings().reviewed().change(run.state().host, task.displayName(),
                    TaskSource.of(task.at(), run.planner().playbookDir()), label, handler, task.noLog(), planned.change(),
                    run.mode().carriesOut(task)), planned.predicted());
        }
        Change change = planned.change();
        // changed_when: false is never a pending change, whatever the module would do; a module that reports no change runs quietly.
        boolean quiet = (change.action().isChange() && RunMode.isLiteralFalse(scope.task().changedWhen()))
                || (change.action() == Action.RUN && hm.reportsNoChange(parsed.args()));
        Map<String, String> env = scope.environment();
        Item<A> item = new Item<>(scope, label, handler, section, parsed, planned, become, local, facts, conn, quiet, env);
        return run.mode().carriesOut(scope.task()) ? carryOut(item) : planOnly(item);
    }

    /** Recorded, not carried out: in a plan the facts become what the change would leave; in apply they stay. */
    private ItemResult planOnly(Item<?> item) {
        // A check_mode task in apply is only planned: the host will not be as predicted.
        if (!run.mode().carriesOut()) item.planned().predicted().forEach(item.facts()::apply);
        if (item.change().action() == Action.RUN) {
            run.outcomes().record(item.task(), item.label(), item.change(), null,
                    item.quiet() ? TaskOutcome.Status.OK : TaskOutcome.Status.CHANGED, null, item.quiet(), item.handler());
            return new ItemResult(false, !item.quiet(), true, changedKnown(item));
        }
        return finish(item, item.registered(null, item.change().action().isChange(), false));
    }

    /**
     * What a plan knows of a command's result before it runs: whether it changes the host ({@code changed_when} written
     * as a literal, or none), so {@code when: result is changed} plans; its {@code rc} and output stay unknown. Null when
     * even that waits for the result ({@code changed_when} over it).
     */
    private static PartlyKnown changedKnown(Item<?> item) {
        Task task = item.task();
        Object changedWhen = task.changedWhen();
        if (changedWhen != null && !RunMode.isLiteralFalse(changedWhen) && !RunMode.isLiteralTrue(changedWhen)) return null;
        return new PartlyKnown(task.register() == null ? "result" : task.register(), Map.of("changed", !item.quiet()));
    }

    private ItemResult carryOut(Item<?> item) throws TransportException {
        Task task = item.task();
        Change change = item.change();
        // A write on the controller (fetch) runs after the host's pending steps, reading the file then.
        if (item.parsed().module() instanceof ControllerWrite<?> && change.action().isChange()) {
            run.queue().flush();
            ExecResult wrote = ControllerWrite.carryOut(item.parsed().module(), item.parsed().args(), item.planned(), item.conn());
            Map<String, Object> reg = item.registered(wrote, wrote.ok(), !wrote.ok());
            if (!wrote.ok()) reg.put("msg", wrote.err().strip());
            return finish(item, reg);
        }
        Map<String, String> env = item.env();
        // A command, or a package change (its prediction covers the package database, not the files the packages
        // bring), may change anything: it runs in its own exec and the facts later tasks ask are read again after it.
        boolean unpredicted = change.action() == Action.RUN
                || (change.action().isChange() && Outcomes.PREDICTS_NO_FILES.contains(BuiltinName.of(task)));
        // Plain changes wait and go to the host together; anything whose real result matters runs now.
        boolean batchable = !item.local() && !unpredicted && !change.steps().isEmpty() && task.register() == null
                && task.changedWhen() == null && task.failedWhen() == null && !task.ignoreErrors();
        if (batchable) {
            run.queue().add(task, item.become(), change.steps().stream().map(s -> withEnvironment(s, env)).toList(), run.outcomes().size());
            item.planned().predicted().forEach(item.facts()::apply);
            return finish(item, item.registered(null, change.action().isChange(), false));
        }
        // Pending changes go first in the same exec; after a command, which may have changed anything, the facts
        // later tasks ask are read again at the end of that exec, rather than trusted or asked in one more.
        ExecResult last = null;
        boolean failed = false;
        String regathered = null;
        FactBatch.Script regather = null;
        List<Step> steps = change.steps();
        if (steps.isEmpty()) run.queue().flush();
        boolean rereads = unpredicted && run.mode().carriesOut();
        for (int i = 0; i < steps.size(); i++) {
            Step step = withEnvironment(steps.get(i), env);
            if (item.local()) {
                // The controller: not the host's exec, so neither its batch nor its facts.
                long start = System.nanoTime();
                try {
                    last = item.conn().exec(step.script(), step.input());
                } finally {
                    run.state().applyNanos += System.nanoTime() - start;
                }
            } else {
                // In a plan (a read-only command under check_mode: false) the predicted facts stay as they are.
                regather = i == steps.size() - 1 && rereads
                        ? FactBatch.script(prefetch.queriesAfter(task, item.become(), item.handler(), item.section()), new Facts()) : null;
                StepBatch.Finished done = run.queue().flush(item.become(), step, regather == null ? null : regather.text());
                last = done.last();
                regathered = done.after();
            }
            if (item.failed(last)) {
                failed = true;
                break;
            }
        }
        if (failed && !item.local()) {
            // A read-only command run for real in a plan, needing what an earlier planned task installs.
            String why = "it fails (" + (last.err().isBlank() ? "exit code " + last.exitCode() : last.err().strip()) + ")";
            KnownAfterApply unknown = run.mode().explainedBy(run.outcomes().unpredictedBy(), why);
            if (unknown != null) throw unknown;
        }
        if (rereads) {
            item.facts().clear();
            if (regather != null && regathered != null) storeRegathered(regather, regathered);
        } else if (!failed) {
            item.planned().predicted().forEach(item.facts()::apply);
        }
        Map<String, Object> reg = item.registered(last, change.action().isChange() && !item.reportsNoChange(), failed);
        if (failed && !reg.containsKey("msg")) reg.put("msg", last.err().strip().isEmpty() ? "exit code " + last.exitCode() : last.err().strip());
        return finish(item, reg);
    }

    /** The change, its summary naming the delegate it is made on: the plan shows which host a task reaches. */
    private static Change onDelegate(Change c, String delegate) {
        return new Change(c.action(), c.summary() + " (on " + delegate + ")", c.details(), c.diff(), c.steps());
    }

    private ItemResult finish(Item<?> item, Map<String, Object> reg) {
        return ItemResult.finish(run, item.scope(), item.label(), item.change(), reg, item.handler(), item.quiet());
    }

    /** The step with {@code env} exported first; each step runs in a shell of its own, so nothing leaks to the next. */
    private static Step withEnvironment(Step step, Map<String, String> env) {
        if (env.isEmpty()) return step;
        StringBuilder exports = new StringBuilder();
        env.forEach((k, v) -> exports.append("export ").append(k).append('=').append(Shell.quote(v)).append('\n'));
        return new Step(exports + step.script(), step.input());
    }

    /** Facts read again after a command; any that cannot be read (a file changed while read) are asked when needed. */
    private void storeRegathered(FactBatch.Script regather, String output) {
        try {
            regather.store(output, run.state().facts);
        } catch (FactBatch.ContentMismatch | FactBatch.Incomplete | RuntimeException e) {
            run.state().facts.clear();
        }
    }
}
