package dev.opsctl.exec;

import dev.opsctl.facts.UserQuery;
import dev.opsctl.facts.UserState;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.Module;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.ProcedureModule;
import dev.opsctl.module.ProcedureResult;
import dev.opsctl.module.TaskContext;
import dev.opsctl.plan.Change;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Data;
import dev.opsctl.template.PartlyKnown;
import dev.opsctl.template.UndefinedVariableException;
import dev.opsctl.transport.BecomeRefused;
import dev.opsctl.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One task on one host: its scope built once, its loop items each run by the kind of module it names (controller,
 * procedure, host), then its {@code register}, notifications and {@code ignore_errors}.
 */
final class TaskRunner {
    private final HostPlay run;
    private final HostTaskRun hostTasks;
    private final int taskCount;

    TaskRunner(HostPlay run, FactPrefetch prefetch) {
        this.run = run;
        this.hostTasks = new HostTaskRun(run, prefetch);
        this.taskCount = prefetch.taskCount();
    }

    /**
     * Runs one task (every loop item); returns false when the host must stop.
     *
     * @param includeVars variables of the enclosing includes
     * @param section     the index of the play section running (a handler: the section whose end runs it)
     */
    boolean run(Task written, boolean handler, Map<String, Object> includeVars, int section) throws TransportException {
        HostState state = run.state();
        Outcomes outcomes = run.outcomes();
        TaskScope scope = run.variables().scope(written, includeVars).withRenderedName();
        state.progress.phase(state.host, run.mode().phase(), ++state.tasksStarted + "/" + taskCount + " " + scope.task().displayName());
        List<Object> items;
        try {
            scope = scope.withKeywords();
            items = scope.loopItems();
        } catch (KnownAfterApply e) {
            outcomes.knownAfterApply(scope.task(), null, e, handler);
            markUnknown(scope.task());
            return true;
        } catch (HostStop e) {
            throw e;
        } catch (RuntimeException e) {
            // As Ansible: a loop that cannot be built fails the task only when its when: holds without the item.
            if (e instanceof UndefinedVariableException && scope.whenFalseWithoutItem()) {
                outcomes.record(scope.task(), null, null, null, TaskOutcome.Status.SKIPPED, "conditional result was false", false, handler);
                return true;
            }
            outcomes.failed(scope.task(), Outcomes.failure(scope.task(), e), handler);
            if (scope.task().ignoreErrors()) outcomes.markIgnored(outcomes.size() - 1);
            return scope.task().ignoreErrors();
        }
        Task task = scope.task();
        int first = outcomes.size();
        boolean failed = false;
        boolean changed = false;
        boolean unknown = false;
        boolean changedKnown = true;
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object item : items) {
            TaskScope itemScope = scope.withItem(item);
            String label = task.loop() == null ? null : itemScope.label(item);
            ItemResult r = runItem(itemScope, label, handler, section);
            failed |= r.failed();
            changed |= r.changed();
            unknown |= r.unknown();
            changedKnown &= !r.unknown() || r.registered() instanceof PartlyKnown;
            if (r.registered() != null && !(r.registered() instanceof PartlyKnown)) {
                Map<String, Object> withItem = new LinkedHashMap<>(r.registered());
                if (task.loop() != null) withItem.put(task.loopVar(), item);
                results.add(withItem);
            }
        }
        if (unknown) {
            markUnknown(task);
            // Whether it changes the host may be known before its output is: `when: result is changed` plans.
            if (changedKnown && task.register() != null && !items.isEmpty()) {
                run.state().runVars.put(task.register(), new PartlyKnown(task.register(), Map.of("changed", changed)));
                run.state().dataVars.add(task.register());
            }
        } else if (task.register() != null) {
            register(task, results, changed, failed);
        }
        if (changed && !failed) run.notified().addAll(task.notifies());
        if (failed && task.ignoreErrors()) outcomes.markIgnored(first);
        return !failed || task.ignoreErrors();
    }

    private void register(Task task, List<Map<String, Object>> results, boolean changed, boolean failed) {
        Map<String, Object> reg;
        if (task.loop() != null) {
            reg = new LinkedHashMap<>();
            reg.put("results", results);
            reg.put("changed", changed);
            reg.put("failed", failed);
            reg.put("skipped", !results.isEmpty() && results.stream().allMatch(m -> Boolean.TRUE.equals(m.get("skipped"))));
            reg.put("msg", "All items completed");
        } else {
            reg = results.isEmpty() ? Map.of("changed", false, "skipped", true) : results.get(0);
        }
        HostState state = run.state();
        state.runVars.put(task.register(), Data.of(reg));
        state.dataVars.add(task.register());
        state.unknown.remove(task.register());
    }

    /** What the task registers or sets is known only after apply; its handlers may run. */
    void markUnknown(Task task) {
        List<String> names = new ArrayList<>();
        if (task.register() != null) names.add(task.register());
        // What a set_fact would set is as unknown as what it was computed from.
        if (BuiltinName.of(task).equals("set_fact")) task.args().keySet().stream().filter(k -> !k.equals("cacheable")).forEach(names::add);
        for (String name : names) forget(name);
        run.notified().addAll(task.notifies());
    }

    private void forget(String name) {
        run.state().unknown.add(name);
        run.state().runVars.remove(name);
    }

    private ItemResult runItem(TaskScope scope, String label, boolean handler, int section) throws TransportException {
        Task task = scope.task();
        Outcomes outcomes = run.outcomes();
        Module module = run.modules().find(task.module());
        try {
            if (!scope.whenHolds()) {
                outcomes.record(task, label, null, null, TaskOutcome.Status.SKIPPED, "conditional result was false", false, handler);
                return new ItemResult(false, false, false, Map.of("changed", false, "skipped", true,
                        "skip_reason", "Conditional result was False"));
            }
            // What opsctl lacks fails here, where the task runs on this host, as Ansible fails a task for another system.
            if (task.unsupported() != null) throw new ArgException(task.unsupported());
            if (module instanceof ControllerModule cm) return runController(cm, scope, label, handler);
            if (module instanceof ProcedureModule<?> pm) return runProcedure(pm, scope, label, handler);
            return hostTasks.run((HostModule<?>) module, scope, label, handler, section);
        } catch (KnownAfterApply e) {
            outcomes.knownAfterApply(task, label, e, handler);
            // What set_fact or include_vars would set is as unknown as what it depends on: later tasks say so instead of "undefined".
            if (module instanceof ControllerModule cm) forgetWhatItSets(cm, scope);
            return ItemResult.knownAfterApply();
        } catch (TransportException e) {
            if (run.mode().carriesOut()) {
                outcomes.record(task, label, null, null, TaskOutcome.Status.NOT_DONE, "not confirmed: the host was lost", false, handler);
            }
            throw e;
        } catch (HostStop e) {
            throw e;
        } catch (PlanException e) {
            // Not there yet, but an earlier task (a package, a command) may create it: honest, not a guess.
            KnownAfterApply unknown = run.mode().explainedBy(outcomes.unpredictedBy(), e.getMessage());
            if (unknown != null) {
                outcomes.knownAfterApply(task, label, unknown, handler);
                return ItemResult.knownAfterApply();
            }
            outcomes.failed(task, Outcomes.failure(task, e), handler);
            return ItemResult.failed(e);
        } catch (BecomeRefused e) {
            KnownAfterApply unknown = becomeUserCreatedEarlier(e);
            if (unknown != null) {
                outcomes.knownAfterApply(task, label, unknown, handler);
                return ItemResult.knownAfterApply();
            }
            outcomes.failed(task, Outcomes.failure(task, e), handler);
            return ItemResult.failed(e);
        } catch (RuntimeException e) {
            outcomes.failed(task, Outcomes.failure(task, e), handler);
            return ItemResult.failed(e);
        }
    }

    /**
     * In a plan, a become user the host lacks now but an earlier task creates (a planned {@code user} task, or a package
     * or command whose effects are not predicted: {@code postgres} from the postgresql package): known after apply.
     */
    private KnownAfterApply becomeUserCreatedEarlier(BecomeRefused e) {
        String user = e.unknownUser();
        if (user == null || run.mode().carriesOut()) return null;
        String whyNotNow = "become user '" + user + "' does not exist";
        UserQuery query = new UserQuery(user);
        if (run.state().facts.has(query) && run.state().facts.get(query) instanceof UserState.Present) {
            return KnownAfterApply.createdEarlier(whyNotNow);
        }
        return run.mode().explainedBy(run.outcomes().unpredictedBy(), whyNotNow);
    }

    /**
     * The names a controller module that may or may not run would set, made unknown: set_fact's keys; include_vars'
     * files read on the controller for their names (their values stay unused). Nothing is named when even the file
     * depends on what is unknown.
     */
    private void forgetWhatItSets(ControllerModule cm, TaskScope scope) {
        Task task = scope.task();
        if (cm.setsData()) {
            task.args().keySet().forEach(this::forget);
        } else if (BuiltinName.of(task).equals("include_vars")) {
            try {
                cm.run(new Args(cm.name(), scope.args()), context(scope)).setVars().keySet().forEach(this::forget);
            } catch (RuntimeException e) {
                // Its file's name is not known either: nothing more to say now.
            }
        }
    }

    private TaskContext context(TaskScope scope) {
        HostState state = run.state();
        return new TaskContext() {
            @Override public Map<String, Object> vars() { return scope.vars(); }
            @Override public Object evaluate(String expression) { return scope.evaluate(expression); }
            @Override public Object render(Object value) { return scope.render(value); }
            @Override public String hostName() { return state.host; }
        };
    }

    private ItemResult runController(ControllerModule cm, TaskScope scope, String label, boolean handler) {
        HostState state = run.state();
        ControllerResult res = cm.run(new Args(cm.name(), scope.args()), context(scope));
        // set_fact's values were rendered (data from now on); include_vars' come from files on the controller (templates).
        res.setVars().forEach((k, v) -> state.runVars.put(k, cm.setsData() ? Data.of(v) : v));
        if (cm.setsData()) state.dataVars.addAll(res.setVars().keySet());
        else state.dataVars.removeAll(res.setVars().keySet());
        for (String k : res.setVars().keySet()) state.unknown.remove(k);
        Map<String, Object> reg = new LinkedHashMap<>(res.registered());
        reg.put("changed", false);
        reg.put("failed", res.failure() != null);
        TaskOutcome.Status st = res.failure() != null ? TaskOutcome.Status.FAILED : TaskOutcome.Status.OK;
        run.outcomes().record(scope.task(), label, null, null, st, res.failure() != null ? res.failure() : res.message(), false, handler);
        return new ItemResult(res.failure() != null, false, false, reg);
    }

    /** A module that drops and reopens the connection (reboot): RUN in plan, carried out alone in apply. */
    private <A> ItemResult runProcedure(ProcedureModule<A> pm, TaskScope scope, String label, boolean handler) throws TransportException {
        // Ansible's reboot with delegate_to reboots the delegate; opsctl reboots only the hosts a play runs on.
        if (scope.task().delegateTo() != null) throw new ArgException(pm.name() + " cannot be delegated (delegate_to): it reboots the play's own host only");
        HostState state = run.state();
        A args = pm.parse(new Args(pm.name(), scope.args()), run.planner().files(scope));
        Change change = pm.plan(args);
        if (!run.mode().carriesOut()) {
            run.outcomes().record(scope.task(), label, change, null, TaskOutcome.Status.CHANGED, null, false, handler);
            return ItemResult.knownAfterApply();
        }
        run.queue().flush();
        ProcedureResult result;
        long start = System.nanoTime();
        try {
            result = pm.run(args, state.connection.through(run.become(scope)));
        } finally {
            state.applyNanos += System.nanoTime() - start;
        }
        // Whatever the host looked like before may not hold after it: facts are read again when needed.
        state.facts.clear();
        Map<String, Object> reg = new LinkedHashMap<>(result.registered());
        reg.put("changed", !result.failed());
        reg.put("failed", result.failed());
        return ItemResult.finish(run, scope, label, change, reg, handler, false);
    }
}
