package dev.opsctl.exec;

import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.module.ArgException;
import dev.opsctl.playbook.Meta;
import dev.opsctl.playbook.RolloutKeywords;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import dev.opsctl.transport.TransportException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Walks a play's task tree on one host in Ansible's order: sections (pre_tasks, roles, tasks, post_tasks) each
 * followed by the handlers notified in it; blocks with rescue and always; includes decided per host and loop
 * item; {@code meta}; tags; {@code run_once} and {@code throttle} across the batch. Each task goes to
 * {@link TaskRunner}.
 */
final class TaskWalker {
    private final HostPlay run;
    private final TaskRunner tasks;
    private final BatchGuard batch;
    private final RunOnce runOnce;
    /** How often this host reached each run_once task: a task in a loop of includes is one task per time. */
    private final Map<String, Integer> runOnceSeen = new HashMap<>();
    /** In step: why the batch was halted when every host reached the current task, or null. */
    private String haltedAtTurn;
    /** The index of the section running (its handlers run at its end). */
    private int section;

    TaskWalker(HostPlay run, TaskRunner tasks, BatchGuard batch, RunOnce runOnce) {
        this.run = run;
        this.tasks = tasks;
        this.batch = batch;
        this.runOnce = runOnce;
    }

    /** Runs every section and its handlers; returns false when the host failed. */
    boolean runSections() throws TransportException {
        List<List<TaskNode>> sections = run.play().sections();
        for (section = 0; section < sections.size(); section++) {
            try {
                if (!runNodes(sections.get(section), Map.of())) return failedAfterFlush();
            } catch (HostStop.Ended e) {
                break;
            }
            if (!runHandlers()) return failedAfterFlush();
        }
        run.queue().flush();
        return true;
    }

    /** A task failed: what was planned before it still happens, as it would have one task at a time. */
    private boolean failedAfterFlush() throws TransportException {
        run.queue().flush();
        return false;
    }

    /**
     * Runs a task list; returns false when the host must stop.
     *
     * @param includeVars variables of the enclosing includes (their vars and loop variables), above task vars
     */
    private boolean runNodes(List<TaskNode> nodes, Map<String, Object> includeVars) throws TransportException {
        for (TaskNode node : nodes) {
            boolean goOn;
            if (node instanceof Task task) {
                goOn = !run.tags().selects(task.tags())
                        || runTask(task, includeVars);
            } else if (node instanceof Block block) {
                goOn = runBlock(block, includeVars);
            } else if (node instanceof Include include) {
                goOn = !run.tags().selects(include.tags()) || runInclude(include, includeVars);
            } else {
                goOn = !run.tags().selects(((Meta) node).tags()) || runMeta((Meta) node);
            }
            if (!goOn) return false;
        }
        return true;
    }

    private boolean runMeta(Meta meta) throws TransportException {
        switch (meta.action()) {
            case FLUSH_HANDLERS:
                return runHandlers();
            case END_HOST:
                Task asTask = meta.asTask();
                try {
                    if (meta.when() == null || run.variables().scope(asTask, Map.of()).holds(meta.when())) throw new HostStop.Ended();
                } catch (KnownAfterApply e) {
                    run.outcomes().knownAfterApply(asTask, null, e, false);
                } catch (HostStop e) {
                    throw e;
                } catch (RuntimeException e) {
                    run.outcomes().failed(asTask, Outcomes.failure(asTask, e), false);
                    return false;
                }
                return true;
            default:
                return true;
        }
    }

    /**
     * block, then rescue if the block failed, then always. A block with rescue or always settles its batched
     * changes before leaving a section, so a failure is caught by the section it happened in.
     */
    private boolean runBlock(Block block, Map<String, Object> includeVars) throws TransportException {
        boolean guarded = !block.rescue().isEmpty() || !block.always().isEmpty();
        if (!guarded) return runNodes(block.block(), includeVars);
        Outcomes outcomes = run.outcomes();
        run.queue().flush();
        int before = outcomes.size();
        outcomes.forgetFailure();
        boolean ok = runSettled(block.block(), includeVars);
        if (!ok && !block.rescue().isEmpty()) {
            int blockEnd = outcomes.size();
            ok = runSettled(block.rescue(), outcomes.withFailure(includeVars, before));
            if (ok) outcomes.markRescued(before, blockEnd);
        }
        boolean alwaysOk = runSettled(block.always(), includeVars);
        return ok && alwaysOk;
    }

    private boolean runSettled(List<TaskNode> nodes, Map<String, Object> includeVars) throws TransportException {
        try {
            boolean ok = runNodes(nodes, includeVars);
            run.queue().flush();
            return ok;
        } catch (HostStop.StepsFailed e) {
            return false;
        }
    }

    /** include_tasks / include_role: its condition and loop decided here, on this host, then its tasks per item. */
    private boolean runInclude(Include include, Map<String, Object> includeVars) throws TransportException {
        awaitTurn();
        if (!include.keywords().runOnce()) return includeHere(include, includeVars);
        // As Ansible: a run_once include is decided on the batch's first host only; the others skip it (nothing shown).
        String key = "include " + include.at() + "#" + runOnceSeen.merge("include " + include.at(), 1, Integer::sum);
        if (claimOrAwait(key) != null) return true;
        String failure = "failed on " + run.state().host;
        try {
            boolean ok = includeHere(include, includeVars);
            run.queue().flush();
            if (ok) failure = null;
            return ok;
        } finally {
            runOnce.complete(key, new RunOnce.Result(run.state().host, Map.of(), Set.of(), List.of(), failure));
        }
    }

    private boolean includeHere(Include include, Map<String, Object> includeVars) throws TransportException {
        Task asTask = include.asTask();
        try {
            TaskScope scope = run.variables().scope(asTask, includeVars);
            IncludeResult.register(include, scope, run.state());
            for (IncludedItem item : IncludedItem.of(include, scope, includeVars)) {
                List<TaskNode> nodes = include.tasks() != null ? include.tasks()
                        : include.late().load(String.valueOf(item.item().render(include.file())));
                if (!runNodes(nodes, item.includeVars())) return false;
            }
            return true;
        } catch (KnownAfterApply e) {
            run.outcomes().knownAfterApply(asTask, null, e, false);
            return true;
        } catch (HostStop e) {
            throw e;
        } catch (RuntimeException e) {
            // As in Ansible 2.14, ignore_errors does not cover an include that cannot be loaded.
            run.outcomes().failed(asTask, Outcomes.failure(asTask, e), false);
            return false;
        }
    }

    private boolean runHandlers() throws TransportException {
        for (Task handler : run.play().handlers()) {
            // In step, every host passes every handler (run or not), so hosts stay at the same task.
            if (run.tags().selects(handler.tags())) awaitTurn();
            if (handler.handlerNames().stream().noneMatch(run.notified()::contains)) continue;
            if (!runInBatch(handler, true, Map.of())) return false;
        }
        run.notified().clear();
        return true;
    }

    /** {@code run_once}, rendered here when it is a template; a template that cannot be rendered fails the task when it runs. */
    private boolean runsOnce(Task task, Map<String, Object> includeVars) {
        if (!task.templated().containsKey("run_once")) return task.runOnce();
        try {
            return run.variables().scope(task, includeVars).withKeywords().task().runOnce();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A run_once task: run here if this host is the batch's first still running, else take the result of the one that ran it. */
    private boolean runOnceTask(Task task, Map<String, Object> includeVars) throws TransportException {
        HostState state = run.state();
        String key = task.at() + "#" + runOnceSeen.merge(task.at().toString(), 1, Integer::sum);
        RunOnce.Result ran = claimOrAwait(key);
        if (ran != null) return adopt(task, ran);
        Map<String, Object> before = new LinkedHashMap<>(state.runVars);
        Set<String> notifiedBefore = new LinkedHashSet<>(run.notified());
        String failure = "failed on " + state.host;
        try {
            boolean ok = runInBatch(task, false, includeVars);
            // Done before the others go on: what they do next may rely on it (a migration, a shared file).
            run.queue().flush();
            if (ok) failure = null;
            return ok;
        } finally {
            Map<String, Object> changed = new LinkedHashMap<>();
            state.runVars.forEach((k, v) -> {
                if (!before.containsKey(k) || before.get(k) != v) changed.put(k, v);
            });
            List<String> newlyNotified = run.notified().stream().filter(n -> !notifiedBefore.contains(n)).toList();
            runOnce.complete(key, new RunOnce.Result(state.host, changed, Set.copyOf(state.unknown), newlyNotified, failure));
        }
    }

    /** The run_once claim; in step, the wait gives back this host's slot, which the host that runs the task may need. */
    private RunOnce.Result claimOrAwait(String key) {
        String host = run.state().host;
        return batch.lockstep().waiting(host, () -> runOnce.claimOrAwait(key, host));
    }

    /**
     * Where a play runs in step ({@link Lockstep}), waits until every host of the batch still running has finished its
     * task before this one; this host's batched changes are carried out first, so a failure shows at its own task. Its
     * values are published for the others' {@code hostvars} either way.
     */
    private void awaitTurn() throws TransportException {
        Lockstep lockstep = batch.lockstep();
        if (lockstep.inStep()) run.queue().flush();
        run.state().publish();
        haltedAtTurn = lockstep.nextTask(run.state().host, batch::haltReason);
    }

    private boolean runTask(Task task, Map<String, Object> includeVars) throws TransportException {
        awaitTurn();
        return runsOnce(task, includeVars) ? runOnceTask(task, includeVars) : runInBatch(task, false, includeVars);
    }

    private boolean adopt(Task task, RunOnce.Result r) {
        HostState state = run.state();
        state.runVars.putAll(r.vars());
        state.dataVars.addAll(r.vars().keySet());
        r.vars().keySet().forEach(state.unknown::remove);
        if (task.register() != null && r.unknown().contains(task.register())) {
            state.unknown.add(task.register());
            state.runVars.remove(task.register());
        }
        run.notified().addAll(r.notified());
        if (r.failure() == null) return true;
        run.outcomes().failed(task, "run_once: " + r.failure(), false);
        return false;
    }

    /**
     * Runs a task unless the batch was halted meanwhile (then the host stops before it, marked failed as Ansible
     * does), holding one of its throttle permits if it has a {@code throttle}.
     */
    /** The task's throttle; written as a template, rendered with this host's variables as Ansible's strategy does. */
    private Integer throttle(Task task, Map<String, Object> includeVars) {
        Object written = task.templated().get(RolloutKeywords.THROTTLE);
        if (written == null) return task.throttle();
        try {
            return RolloutKeywords.throttleOf(run.variables().scope(task, includeVars).render(written));
        } catch (KnownAfterApply e) {
            throw new ArgException("throttle: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ArgException(e.getMessage() + " (from " + written + ")");
        }
    }

    private boolean runInBatch(Task task, boolean handler, Map<String, Object> includeVars) throws TransportException {
        if (Interruption.requested() != null) throw new HostStop.Interrupted();
        // In step, the batch's state when every host reached this task: Ansible sends a task to all hosts at once.
        String halted = batch.lockstep().inStep() ? haltedAtTurn : batch.haltReason();
        if (halted != null) {
            batch.stopped(run.state().host);
            run.outcomes().failed(task, "not run, the batch was stopped: " + halted, handler);
            return false;
        }
        Integer throttle;
        try {
            throttle = throttle(task, includeVars);
        } catch (RuntimeException e) {
            run.outcomes().failed(task, Outcomes.failure(task, e), handler);
            return task.ignoreErrors();
        }
        Semaphore permits = batch.throttleOf(task, throttle);
        if (permits == null) return tasks.run(task, handler, includeVars, section);
        permits.acquireUninterruptibly();
        try {
            // Carried out while the permit is held, not batched with later tasks.
            boolean ok = tasks.run(task, handler, includeVars, section);
            run.queue().flush();
            return ok;
        } finally {
            permits.release();
        }
    }
}
