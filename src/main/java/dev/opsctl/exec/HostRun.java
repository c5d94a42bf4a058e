package dev.opsctl.exec;

import dev.opsctl.diag.Source;
import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.Module;
import dev.opsctl.module.ModuleRegistry;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.ProcedureModule;
import dev.opsctl.module.ProcedureResult;
import dev.opsctl.module.TaskContext;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.playbook.LoopLookup;
import dev.opsctl.playbook.Meta;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Role;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import dev.opsctl.secret.Secrets;
import dev.opsctl.template.Data;
import dev.opsctl.template.TemplateException;
import dev.opsctl.template.Templater;
import dev.opsctl.template.UndefinedVariableException;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.LocalConnection;
import dev.opsctl.transport.Shell;
import dev.opsctl.transport.TransportException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * One play on one host: plans each task against the predicted state and, in apply mode, carries the change out
 * before moving on. Handlers run at the end of each section when notified.
 */
final class HostRun {
    /** Ansible's placeholder for {@code default(omit)}: an argument rendered to it is left out. */
    static final String OMIT = "__omit_place_holder__opsctl";
    /** Modules whose planned change predicts the package database, not the files and directories the packages bring. */
    private static final Set<String> PREDICTS_NO_FILES = Set.of("apt", "package", "dnf", "yum");

    private final HostState state;
    private final Play play;
    private final Map<String, Object> inventoryVars;
    private final Map<String, Object> topVars;
    private final RunSettings settings;
    private final Templater templater;
    private final ModuleRegistry modules;
    private final Path playbookDir;
    private final Set<Path> filesRead;
    private final BatchGuard batch;
    private final Tags tags;
    private final List<TaskOutcome> outcomes = new ArrayList<>();
    private final Set<String> notified = new LinkedHashSet<>();
    /** Roles the play applies statically: their defaults and vars are seen by every task. */
    private final List<Role> playRoles;
    private final RunOnce runOnce;
    /** How often this host reached each run_once task: a task in a loop of includes is one task per time. */
    private final Map<String, Integer> runOnceSeen = new java.util.HashMap<>();
    /** The last task that failed and why, for a rescue's ansible_failed_task/ansible_failed_result. */
    private Failure lastFailed;
    /** In a plan, the last task so far whose effects on the host are not all predicted (a package, a command), or null. */
    private String unpredictedBy;
    /** Steps of changes planned but not yet carried out (apply mode): they go to the host in one exec. */
    private final List<PendingStep> pending = new ArrayList<>();
    private Become pendingBecome;
    /** Templates rendered for this host (see {@link LocalFiles}). */
    private final Map<LocalFiles.RenderKey, String> rendered = new HashMap<>();
    /** The index of the section running (its handlers run at its end). */
    private int section;
    /** Each section's tasks in file order, blocks and included files known at load time opened up. */
    private final List<List<Task>> flatSections;

    private record PendingStep(Step step, int outcomeIndex, Task task) {}

    private record Failure(Task task, String message) {}

    /** {@code meta: end_host}: the host is done with this play, without failing and without running handlers. */
    private static final class HostEnded extends RuntimeException {
        HostEnded() {
            super(null, null, false, false);
        }
    }

    /** What each task (and handler) asks, by task, and as whom: what to ask again after a command ran. */
    private final Map<Task, TaskQueries> queriesByTask = new LinkedHashMap<>();
    private record TaskQueries(Optional<Become> become, List<FactQuery<?>> queries) {
        TaskQueries plus(TaskQueries more) {
            List<FactQuery<?>> all = new ArrayList<>(queries);
            all.addAll(more.queries);
            return new TaskQueries(become, all);
        }
    }

    /** The operator sent a signal: the host starts no further task (see {@link Interruption}). */
    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super(null, null, false, false);
        }
    }

    /** A batched step failed: the host stops, its later outcomes are withdrawn. */
    private static final class StepsFailed extends RuntimeException {
        StepsFailed() {
            super(null, null, false, false);
        }
    }

    /**
     * @param inventoryVars the host's inventory variables, lowest precedence (below gathered facts)
     * @param topVars  magic and extra variables, above everything else
     */
    HostRun(HostState state, Play play, Map<String, Object> inventoryVars, Map<String, Object> topVars, RunSettings settings,
            Templater templater, ModuleRegistry modules, Path playbookDir, Set<Path> filesRead, BatchGuard batch,
            RunOnce runOnce) {
        this.state = state;
        this.play = play;
        this.inventoryVars = inventoryVars;
        this.topVars = topVars;
        this.settings = settings;
        this.templater = templater;
        this.modules = modules;
        this.playbookDir = playbookDir;
        this.filesRead = filesRead;
        this.batch = batch;
        this.runOnce = runOnce;
        this.playRoles = play.staticRoles();
        this.flatSections = play.sections().stream().map(TaskNode::tasksIn).toList();
        this.tags = new Tags(settings.tags(), settings.skipTags());
    }

    HostResult run() {
        try {
            long start = System.nanoTime();
            state.progress.phase(state.host, Progress.Phase.FACTS, "");
            state.tasksStarted = 0;
            gatherFacts();
            long factsDone = System.nanoTime();
            state.factsNanos += factsDone - start;
            try {
                return runSections();
            } catch (StepsFailed e) {
                return result(HostResult.State.FAILED, null);
            } catch (Interrupted e) {
                // Changes waiting for the next exec are not sent: the host stops as it is.
                HonestRecap.notCarriedOut(outcomes, pendingOutcomes(), "not carried out: the run was interrupted");
                pending.clear();
                return result(HostResult.State.OK, null);
            } finally {
                state.tasksNanos += System.nanoTime() - factsDone;
            }
        } catch (TransportException e) {
            HonestRecap.notCarriedOut(outcomes, pendingOutcomes(), "not carried out: the host was lost");
            pending.clear();
            return result(HostResult.State.UNREACHABLE, e.getMessage());
        } catch (dev.opsctl.transport.BecomeRefused e) {
            // Reached, and refused by sudo while gathering: the host failed, as Ansible's "Gathering Facts" task does.
            record(gatheringTask("Gathering Facts"), null, null, null, TaskOutcome.Status.FAILED, e.getMessage(), false, false);
            return result(HostResult.State.FAILED, e.getMessage());
        }
    }

    private List<Integer> pendingOutcomes() {
        return pending.stream().map(PendingStep::outcomeIndex).toList();
    }

    private HostResult runSections() throws TransportException {
        for (section = 0; section < play.sections().size(); section++) {
            try {
                if (!runNodes(play.sections().get(section), Map.of())) return failedAfterFlush();
            } catch (HostEnded e) {
                break;
            }
            if (!runHandlers()) return failedAfterFlush();
        }
        flush();
        return result(HostResult.State.OK, null);
    }

    /**
     * Runs a task list; returns false when the host must stop.
     *
     * @param scope variables of the enclosing includes (their vars and loop variables), above task vars
     */
    private boolean runNodes(List<TaskNode> nodes, Map<String, Object> scope) throws TransportException {
        for (TaskNode node : nodes) {
            boolean goOn;
            if (node instanceof Task task) {
                goOn = !tags.selects(task.tags()) || (runsOnce(task, scope) ? runOnceTask(task, scope) : runInBatch(task, false, scope));
            } else if (node instanceof Block block) {
                goOn = runBlock(block, scope);
            } else if (node instanceof Include include) {
                goOn = !tags.selects(include.tags()) || runInclude(include, scope);
            } else {
                goOn = !tags.selects(((Meta) node).tags()) || runMeta((Meta) node);
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
                    if (meta.when() == null || conditionHolds(meta.when(), varsFor(asTask), asTask)) throw new HostEnded();
                } catch (KnownAfterApply e) {
                    record(asTask, null, null, unknownChange(asTask, e), TaskOutcome.Status.CHANGED, null, false, false);
                } catch (HostEnded e) {
                    throw e;
                } catch (RuntimeException e) {
                    record(asTask, null, null, null, TaskOutcome.Status.FAILED, failure(asTask, e), false, false);
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
    private boolean runBlock(Block block, Map<String, Object> scope) throws TransportException {
        boolean guarded = !block.rescue().isEmpty() || !block.always().isEmpty();
        if (!guarded) return runNodes(block.block(), scope);
        flush();
        int before = outcomes.size();
        lastFailed = null;
        boolean ok = runSettled(block.block(), scope);
        if (!ok && !block.rescue().isEmpty()) {
            int blockEnd = outcomes.size();
            ok = runSettled(block.rescue(), withFailure(scope, before));
            // As Ansible counts them: a failure its rescue recovered is rescued, not failed.
            if (ok) markRescued(before, blockEnd);
        }
        boolean alwaysOk = runSettled(block.always(), scope);
        return ok && alwaysOk;
    }

    private void markRescued(int from, int to) {
        for (int i = from; i < to && i < outcomes.size(); i++) {
            if (outcomes.get(i).status() == TaskOutcome.Status.FAILED) outcomes.set(i, outcomes.get(i).rescued());
        }
    }

    /** Ansible's {@code ansible_failed_task} and {@code ansible_failed_result} for a rescue: the block's last failure. */
    private Map<String, Object> withFailure(Map<String, Object> scope, int from) {
        Map<String, Object> inner = new LinkedHashMap<>(scope);
        if (lastFailed != null && outcomes.size() > from) {
            Task t = lastFailed.task();
            inner.put("ansible_failed_task", Map.of("name", t.name() == null ? "" : t.name(), "action", t.module()));
            inner.put("ansible_failed_result", Map.of("failed", true, "msg", t.noLog() ? "" : String.valueOf(lastFailed.message())));
        }
        return inner;
    }

    private boolean runSettled(List<TaskNode> nodes, Map<String, Object> scope) throws TransportException {
        try {
            boolean ok = runNodes(nodes, scope);
            flush();
            return ok;
        } catch (StepsFailed e) {
            return false;
        }
    }

    /**
     * One time an include's tasks run: the variables its file name is rendered with, and the scope its tasks see
     * (the enclosing scope, the include's vars and its loop variable).
     */
    private record IncludedItem(Map<String, Object> itemVars, Map<String, Object> scope) {}

    /** The loop items of an include whose condition holds, decided per item as for a task. */
    private List<IncludedItem> includedItems(Include include, Task asTask, Map<String, Object> scope) {
        Map<String, Object> vars = varsFor(asTask, scope);
        List<IncludedItem> out = new ArrayList<>();
        for (Object item : loopItems(asTask, vars)) {
            Map<String, Object> itemVars = withItem(asTask, vars, item);
            if (include.when() != null && !conditionHolds(include.when(), itemVars, asTask)) continue;
            Map<String, Object> inner = new LinkedHashMap<>(scope);
            inner.putAll(include.vars());
            if (include.loop() != null) {
                inner.put(include.loopVar(), Data.of(item));
                Data.markNames(inner, List.of(include.loopVar()));
            }
            out.add(new IncludedItem(itemVars, inner));
        }
        return out;
    }

    /** include_tasks / include_role: its condition and loop decided here, on this host, then its tasks per item. */
    private boolean runInclude(Include include, Map<String, Object> scope) throws TransportException {
        Task asTask = include.asTask();
        try {
            for (IncludedItem run : includedItems(include, asTask, scope)) {
                List<TaskNode> tasks = include.tasks() != null ? include.tasks()
                        : include.late().load(String.valueOf(render(include.file(), run.itemVars(), asTask)));
                if (!runNodes(tasks, run.scope())) return false;
            }
            return true;
        } catch (KnownAfterApply e) {
            record(asTask, null, null, unknownChange(asTask, e), TaskOutcome.Status.CHANGED, null, false, false);
            return true;
        } catch (StepsFailed | HostEnded | Interrupted e) {
            throw e;
        } catch (RuntimeException e) {
            record(asTask, null, null, null, TaskOutcome.Status.FAILED, failure(asTask, e), false, false);
            return false;
        }
    }

    /** A task failed: what was planned before it still happens, as it would have one task at a time. */
    private HostResult failedAfterFlush() throws TransportException {
        flush();
        return result(HostResult.State.FAILED, null);
    }

    private HostResult result(HostResult.State s, String error) {
        return new HostResult(state.host, outcomes, s, error, HostStats.NONE, state.observedFacts);
    }

    /** The play-level task that gathers facts (Ansible's "Gathering Facts"): the play's become applies to it. */
    private Task gatheringTask(String name) {
        return new Task(name, "setup", Map.of(), play.at(), null, null, "item", null, null, List.of(), List.of(),
                null, null, false, false, Map.of(), null, null, List.of(), null, null, null, null, null, false, Map.of(), null);
    }

    /** Answers every fact query the play's tasks will ask, in one remote exec (per become user), before planning. */
    private void gatherFacts() throws TransportException {
        Map<Optional<Become>, List<FactQuery<?>>> byBecome = new LinkedHashMap<>();
        HostFacts hostFacts = play.gatherFacts() ? HostFacts.of(play.gatherSubset().toArray(String[]::new)) : null;
        if (hostFacts != null) {
            Task playLevel = gatheringTask(null);
            byBecome.computeIfAbsent(Optional.ofNullable(becomeFor(playLevel, varsFor(playLevel))), k -> new ArrayList<>()).add(hostFacts);
        }
        FactPlan wanted = new FactPlan(byBecome, hostFacts != null);
        for (List<TaskNode> section : play.sections()) wanted.add(section, Map.of());
        for (Task handler : play.handlers()) wanted.add(handler, Map.of());
        Set<String> known = state.facts.entries().keySet();
        for (Map.Entry<Optional<Become>, List<FactQuery<?>>> e : byBecome.entrySet()) {
            FactBatch.gather(connectionFor(e.getKey().orElse(null)), e.getValue(), state.facts);
        }
        // Only answers read just now describe the real host; keys known before may hold predicted values.
        state.facts.entries().forEach((key, answer) -> {
            if (!known.contains(key)) state.observedFacts.putIfAbsent(key, FactDigest.of(key, answer));
        });
        if (hostFacts != null) HostFacts.asVariables(state.facts.get(hostFacts)).forEach((k, v) -> state.factVars.put(k, Data.of(v)));
    }

    /** What the first fact exec asks: the queries of every task whose arguments can be known before any task runs. */
    private final class FactPlan {
        private final Map<Optional<Become>, List<FactQuery<?>>> byBecome;
        private final boolean gatheringHostFacts;

        FactPlan(Map<Optional<Become>, List<FactQuery<?>>> byBecome, boolean gatheringHostFacts) {
            this.byBecome = byBecome;
            this.gatheringHostFacts = gatheringHostFacts;
        }

        /** Tasks in blocks, and in includes whose file and loop are known now (per loop item), are asked for too. */
        void add(List<TaskNode> nodes, Map<String, Object> scope) {
            for (TaskNode node : nodes) {
                if (node instanceof Task task) {
                    add(task, scope);
                } else if (node instanceof Block block) {
                    add(block.block(), scope);
                    add(block.rescue(), scope);
                    add(block.always(), scope);
                } else if (node instanceof Include include && include.tasks() != null && tags.selects(include.tags())) {
                    addIncluded(include, scope);
                }
            }
        }

        private void addIncluded(Include include, Map<String, Object> scope) {
            try {
                for (IncludedItem run : includedItems(include, include.asTask(), scope)) add(include.tasks(), run.scope());
            } catch (RuntimeException e) {
                // Decided only when the host gets there (facts, registered values): its tasks gather then.
            }
        }

        void add(Task task, Map<String, Object> scope) {
            if (!tags.selects(task.tags()) || task.delegateTo() != null || task.unsupported() != null || !(modules.find(task.module()) instanceof HostModule<?> hm)) return;
            Map<String, Object> vars = varsFor(task, scope);
            // Host facts are not known yet: stand-ins let a task whose content (not path) uses them be asked for now.
            for (int attempt = 0; attempt < 8; attempt++) {
                try {
                    List<FactQuery<?>> queries = new ArrayList<>();
                    for (Object item : loopItems(task, vars)) {
                        Map<String, Object> itemVars = withItem(task, vars, item);
                        if (task.when() != null && !conditionHolds(task.when(), itemVars, task)) continue;
                        queries.addAll(queriesOf(hm, task, itemVars));
                    }
                    Optional<Become> as = Optional.ofNullable(becomeFor(task, vars));
                    byBecome.computeIfAbsent(as, k -> new ArrayList<>()).addAll(queries);
                    // An included task asked once per loop item of its include: what it asks adds up.
                    queriesByTask.merge(task, new TaskQueries(as, queries), TaskQueries::plus);
                    return;
                } catch (UndefinedVariableException e) {
                    String root = e.variable().split("[.\\[]", 2)[0];
                    if (!gatheringHostFacts || !root.startsWith("ansible_") || vars.containsKey(root)) return;
                    vars.put(root, FactStandIn.INSTANCE);
                } catch (RuntimeException e) {
                    // Not plannable yet (depends on a later value): its task gathers what it needs when it runs.
                    return;
                }
            }
        }
    }

    /**
     * Whether and as whom a task runs with sudo. As in Ansible, connection variables ({@code ansible_become*})
     * override task and play keywords, which override {@code --become}.
     */
    private Become becomeFor(Task task, Map<String, Object> vars) {
        Boolean on = vars.get("ansible_become") == null ? null : Args.toBool(render(vars.get("ansible_become"), vars, task));
        if (on == null) on = task.become() != null ? task.become() : play.become() != null ? play.become() : settings.become();
        if (on == null || !on) return null;
        String user = firstString(vars, task, "ansible_become_user");
        if (user == null) {
            String written = task.becomeUser() != null ? task.becomeUser() : play.becomeUser();
            user = written != null ? String.valueOf(render(written, vars, task))
                    : settings.becomeUser() != null ? settings.becomeUser() : "root";
        }
        // As Ansible: no sudo when the connection already is the become user.
        if (user.equals(state.connection.user())) return null;
        String password = firstString(vars, task, "ansible_become_password", "ansible_become_pass");
        if (password == null) password = settings.becomePassword();
        Secrets.register(password);
        return new Become(user, password);
    }

    private String firstString(Map<String, Object> vars, Task task, String... names) {
        for (String n : names) {
            Object v = vars.get(n);
            if (v != null) return String.valueOf(render(v, vars, task));
        }
        return null;
    }

    /** The connection remote commands go through: the host's own, or through sudo. */
    private Connection connectionFor(Become become) {
        return become == null ? state.connection : become.on(state.connection);
    }

    /** Gathers facts not known yet; pending changes go first, so the answers describe the host as it will be. */
    private void gather(Connection conn, List<FactQuery<?>> queries, Facts facts) throws TransportException {
        if (queries.stream().allMatch(facts::has)) return;
        flush();
        FactBatch.gather(conn, queries, facts);
    }

    /** Carries out every pending change in one exec; on a failure the failing task is marked and the host stops. */
    private void flush() throws TransportException {
        if (!pending.isEmpty()) flush(pendingBecome, null, null);
    }

    /**
     * Carries out every pending change, then {@code last} and the fact script {@code after}, in one exec as
     * {@code become}; on a failure of a pending change its task is marked and the host stops.
     */
    private StepBatch.Finished flush(Become become, Step last, String after) throws TransportException {
        if (!pending.isEmpty() && !java.util.Objects.equals(pendingBecome, become)) flush();
        List<PendingStep> steps = List.copyOf(pending);
        pending.clear();
        StepBatch.Finished finished;
        long start = System.nanoTime();
        try {
            finished = StepBatch.run(connectionFor(become), steps.stream().map(PendingStep::step).toList(), last, after);
        } catch (StepBatch.Broken e) {
            HonestRecap.connectionLost(outcomes, steps.stream().map(PendingStep::outcomeIndex).toList(), e.progress, e.cause);
            throw e.cause;
        } finally {
            state.applyNanos += System.nanoTime() - start;
        }
        List<StepBatch.Outcome> results = finished.outcomes();
        for (int i = 0; i < steps.size(); i++) {
            StepBatch.Outcome r = results.get(i);
            if (r.exitCode() != null && r.exitCode() == 0) continue;
            int at = steps.get(i).outcomeIndex();
            String why = r.exitCode() == null ? "did not run (the batch ended early)" : r.output().strip().isEmpty() ? "exit code " + r.exitCode() : r.output().strip();
            outcomes.set(at, outcomes.get(at).failedWith(why));
            lastFailed = new Failure(steps.get(i).task(), why);
            outcomes.subList(at + 1, outcomes.size()).clear();
            state.facts.clear();
            throw new StepsFailed();
        }
        return finished;
    }

    /**
     * The queries of the tasks that may run after {@code task} as {@code become}: the later tasks of its section and
     * of later sections, and every handler (a handler: the handlers after it and the later sections). Asked in the
     * same exec as a command, they describe the host as the command left it, at no extra round trip.
     */
    private List<FactQuery<?>> queriesAfter(Task task, Become become, boolean handler) {
        List<List<Task>> sections = flatSections;
        List<Task> own = handler ? play.handlers() : sections.get(section);
        // By position, not equality: the task may run under its rendered name; one from a file included only
        // now is not in the list, and then the whole section counts as later.
        int at = 0;
        while (at < own.size() && !own.get(at).at().equals(task.at())) at++;
        List<Task> later = new ArrayList<>(at < own.size() ? own.subList(at + 1, own.size()) : own);
        for (int i = section + 1; i < sections.size(); i++) later.addAll(sections.get(i));
        if (!handler || section + 1 < sections.size()) later.addAll(play.handlers());
        List<FactQuery<?>> out = new ArrayList<>();
        for (Task t : later) {
            TaskQueries tq = queriesByTask.get(t);
            if (tq != null && tq.become().equals(Optional.ofNullable(become))) out.addAll(tq.queries());
        }
        return out;
    }

    private <A> List<FactQuery<?>> queriesOf(HostModule<A> hm, Task task, Map<String, Object> vars) {
        List<FactQuery<?>> queries = hm.facts(hm.parse(new Args(hm.name(), renderArgs(task, vars)), localFiles(task, vars)));
        return queries.stream().filter(FactQuery::upFront).toList();
    }

    private LocalFiles localFiles(Task task, Map<String, Object> vars) {
        List<Path> bases = new ArrayList<>();
        if (task.role() != null) bases.add(task.role().dir());
        Path taskFileDir = Path.of(task.at().file()).toAbsolutePath().getParent();
        if (taskFileDir != null && task.role() == null) bases.add(taskFileDir);
        bases.add(playbookDir);
        return new LocalFiles(bases.stream().distinct().toList(), templater, vars, filesRead, rendered);
    }

    private boolean runHandlers() throws TransportException {
        for (Task handler : play.handlers()) {
            if (handler.handlerNames().stream().noneMatch(notified::contains)) continue;
            if (!runInBatch(handler, true, Map.of())) return false;
        }
        notified.clear();
        return true;
    }

    /** A run_once task: run here if this host is the batch's first still running, else take the result of the one that ran it. */
    private boolean runOnceTask(Task task, Map<String, Object> scope) throws TransportException {
        String key = task.at() + "#" + runOnceSeen.merge(task.at().toString(), 1, Integer::sum);
        RunOnce.Result ran = runOnce.claimOrAwait(key, state.host);
        if (ran != null) return adopt(task, ran);
        Map<String, Object> before = new LinkedHashMap<>(state.runVars);
        Set<String> notifiedBefore = new LinkedHashSet<>(notified);
        String failure = "failed on " + state.host;
        try {
            boolean ok = runInBatch(task, false, scope);
            // Done before the others go on: what they do next may rely on it (a migration, a shared file).
            flush();
            if (ok) failure = null;
            return ok;
        } finally {
            Map<String, Object> changed = new LinkedHashMap<>();
            state.runVars.forEach((k, v) -> {
                if (!before.containsKey(k) || before.get(k) != v) changed.put(k, v);
            });
            List<String> newlyNotified = notified.stream().filter(n -> !notifiedBefore.contains(n)).toList();
            runOnce.complete(key, new RunOnce.Result(state.host, changed, Set.copyOf(state.unknown), newlyNotified, failure));
        }
    }

    private boolean adopt(Task task, RunOnce.Result r) {
        state.runVars.putAll(r.vars());
        state.dataVars.addAll(r.vars().keySet());
        r.vars().keySet().forEach(state.unknown::remove);
        if (task.register() != null && r.unknown().contains(task.register())) {
            state.unknown.add(task.register());
            state.runVars.remove(task.register());
        }
        notified.addAll(r.notified());
        if (r.failure() == null) return true;
        record(task, null, null, null, TaskOutcome.Status.FAILED, "run_once: " + r.failure(), false, false);
        return false;
    }

    /**
     * Runs a task unless the batch was halted meanwhile (then the host stops before it, marked failed as Ansible
     * does), holding one of its throttle permits if it has a {@code throttle}.
     */
    private boolean runInBatch(Task task, boolean handler, Map<String, Object> scope) throws TransportException {
        if (Interruption.requested() != null) throw new Interrupted();
        String halted = batch.haltReason();
        if (halted != null) {
            batch.stopped(state.host);
            record(task, null, null, null, TaskOutcome.Status.FAILED, "not run, the batch was stopped: " + halted, false, handler);
            return false;
        }
        Semaphore permits = batch.throttleOf(task);
        if (permits == null) return runTask(task, handler, scope);
        permits.acquireUninterruptibly();
        try {
            // Carried out while the permit is held, not batched with later tasks.
            boolean ok = runTask(task, handler, scope);
            flush();
            return ok;
        } finally {
            permits.release();
        }
    }

    /** {@code run_once}, rendered here when it is a template; a template that cannot be rendered fails the task when it runs. */
    private boolean runsOnce(Task task, Map<String, Object> scope) {
        if (!task.templated().containsKey("run_once")) return task.runOnce();
        try {
            return withKeywords(task, varsFor(task, scope)).runOnce();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private Task withKeywords(Task task, Map<String, Object> vars) {
        return TaskKeywords.resolve(task, v -> render(v, vars, task));
    }

    /** Runs one task (every loop item); returns false when the host must stop. */
    private boolean runTask(Task written, boolean handler, Map<String, Object> scope) throws TransportException {
        Map<String, Object> vars = varsFor(written, scope);
        Task task = withRenderedName(written, vars);
        state.progress.phase(state.host, settings.mode() == Mode.PLAN ? Progress.Phase.PLANNING : Progress.Phase.APPLYING,
                ++state.tasksStarted + "/" + (flatSections.stream().mapToInt(List::size).sum() + play.handlers().size()) + " " + task.displayName());
        List<Object> items;
        try {
            task = withKeywords(task, vars);
            items = loopItems(task, vars);
        } catch (KnownAfterApply e) {
            record(task, null, null, unknownChange(task, e), TaskOutcome.Status.CHANGED, null, false, handler);
            markUnknown(task);
            return true;
        } catch (StepsFailed e) {
            throw e;
        } catch (RuntimeException e) {
            // As Ansible: a loop that cannot be built fails the task only when its when: holds without the item.
            if (e instanceof UndefinedVariableException && whenFalseWithoutItem(task, vars)) {
                record(task, null, null, null, TaskOutcome.Status.SKIPPED, "conditional result was false", false, handler);
                return true;
            }
            record(task, null, null, null, TaskOutcome.Status.FAILED, failure(task, e), false, handler);
            if (task.ignoreErrors()) markIgnored(outcomes.size() - 1);
            return task.ignoreErrors();
        }
        int first = outcomes.size();
        boolean failed = false;
        boolean changed = false;
        boolean unknown = false;
        List<Map<String, Object>> results = new ArrayList<>();
        for (Object item : items) {
            Map<String, Object> itemVars = withItem(task, vars, item);
            String label = task.loop() == null ? null : label(task, itemVars, item);
            ItemResult r = runItem(task, itemVars, label, handler);
            failed |= r.failed;
            changed |= r.changed;
            unknown |= r.unknown;
            if (r.registered != null) {
                Map<String, Object> withItem = new LinkedHashMap<>(r.registered);
                if (task.loop() != null) withItem.put(task.loopVar(), item);
                results.add(withItem);
            }
        }
        if (unknown && task.register() == null) markUnknown(task);
        if (task.register() != null) {
            if (unknown) {
                markUnknown(task);
            } else {
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
                state.runVars.put(task.register(), Data.of(reg));
                state.dataVars.add(task.register());
                state.unknown.remove(task.register());
            }
        }
        if (changed && !failed) notified.addAll(task.notifies());
        if (failed && task.ignoreErrors()) markIgnored(first);
        return !failed || task.ignoreErrors();
    }

    /** As Ansible counts them: a failure that {@code ignore_errors} lets pass is ignored, not failed. */
    private void markIgnored(int from) {
        for (int i = from; i < outcomes.size(); i++) {
            if (outcomes.get(i).status() == TaskOutcome.Status.FAILED) outcomes.set(i, outcomes.get(i).ignored());
        }
    }

    /**
     * The task under its name as Ansible shows it: rendered with the variables known before its loop (include
     * variables and loop variables of includes, not its own item); left as written when that fails.
     */
    private Task withRenderedName(Task task, Map<String, Object> vars) {
        if (task.name() == null || !task.name().contains("{{")) return task;
        try {
            return task.named(String.valueOf(templater.render(task.name(), vars, task.at())));
        } catch (RuntimeException e) {
            return task;
        }
    }

    private void markUnknown(Task task) {
        List<String> names = new ArrayList<>();
        if (task.register() != null) names.add(task.register());
        // What a set_fact would set is as unknown as what it was computed from.
        if (task.module().equals("set_fact")) task.args().keySet().stream().filter(k -> !k.equals("cacheable")).forEach(names::add);
        for (String name : names) {
            state.unknown.add(name);
            state.runVars.remove(name);
        }
        notified.addAll(task.notifies());
    }

    private record ItemResult(boolean failed, boolean changed, boolean unknown, Map<String, Object> registered) {}

    private ItemResult runItem(Task task, Map<String, Object> vars, String label, boolean handler) throws TransportException {
        Module module = modules.find(task.module());
        try {
            if (task.when() != null && !conditionHolds(task.when(), vars, task)) {
                record(task, label, null, null, TaskOutcome.Status.SKIPPED, "conditional result was false", false, handler);
                return new ItemResult(false, false, false, Map.of("changed", false, "skipped", true,
                        "skip_reason", "Conditional result was False"));
            }
            // What opsctl lacks fails here, where the task runs on this host, as Ansible fails a task for another system.
            if (task.unsupported() != null) throw new ArgException(task.unsupported());
            Map<String, Object> args = renderArgs(task, vars);
            if (module instanceof ControllerModule cm) return runController(cm, task, args, vars, label, handler);
            if (module instanceof ProcedureModule<?> pm) return runProcedure(pm, task, args, vars, label, handler);
            return runHost((HostModule<?>) module, task, args, vars, label, handler);
        } catch (KnownAfterApply e) {
            record(task, label, null, unknownChange(task, e), TaskOutcome.Status.CHANGED, null, false, handler);
            // What set_fact would set is as unknown as what it depends on: later tasks say so instead of "undefined".
            if (module instanceof ControllerModule cm && cm.setsData()) {
                for (String k : task.args().keySet()) {
                    state.unknown.add(k);
                    state.runVars.remove(k);
                }
            }
            return new ItemResult(false, true, true, null);
        } catch (TransportException e) {
            if (settings.mode() == Mode.APPLY) {
                record(task, label, null, null, TaskOutcome.Status.NOT_DONE, "not confirmed: the host was lost", false, handler);
            }
            throw e;
        } catch (StepsFailed | Interrupted e) {
            throw e;
        } catch (PlanException e) {
            // Not there yet, but an earlier task (a package, a command) may create it: honest, not a guess.
            if (settings.mode() == Mode.PLAN && unpredictedBy != null) {
                KnownAfterApply unknown = KnownAfterApply.after(unpredictedBy, e.getMessage());
                record(task, label, null, unknownChange(task, unknown), TaskOutcome.Status.CHANGED, null, false, handler);
                return new ItemResult(false, true, true, null);
            }
            record(task, label, null, null, TaskOutcome.Status.FAILED, failure(task, e), false, handler);
            return new ItemResult(true, false, false, Map.of("changed", false, "failed", true, "msg", String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            record(task, label, null, null, TaskOutcome.Status.FAILED, failure(task, e), false, handler);
            return new ItemResult(true, false, false, Map.of("changed", false, "failed", true, "msg", String.valueOf(e.getMessage())));
        }
    }

    private ItemResult runController(ControllerModule cm, Task task, Map<String, Object> args, Map<String, Object> vars,
                                     String label, boolean handler) {
        TaskContext ctx = new TaskContext() {
            @Override public Map<String, Object> vars() { return vars; }
            @Override public Object evaluate(String expression) { return HostRun.this.evaluate(expression, vars, task); }
            @Override public Object render(Object value) { return HostRun.this.render(value, vars, task); }
            @Override public String hostName() { return state.host; }
        };
        ControllerResult res = cm.run(new Args(cm.name(), args), ctx);
        // set_fact's values were rendered (data from now on); include_vars' come from files on the controller (templates).
        res.setVars().forEach((k, v) -> state.runVars.put(k, cm.setsData() ? Data.of(v) : v));
        if (cm.setsData()) state.dataVars.addAll(res.setVars().keySet());
        else state.dataVars.removeAll(res.setVars().keySet());
        for (String k : res.setVars().keySet()) state.unknown.remove(k);
        Map<String, Object> reg = new LinkedHashMap<>(res.registered());
        reg.put("changed", false);
        reg.put("failed", res.failure() != null);
        TaskOutcome.Status st = res.failure() != null ? TaskOutcome.Status.FAILED : TaskOutcome.Status.OK;
        record(task, label, null, null, st, res.failure() != null ? res.failure() : res.message(), false, handler);
        return new ItemResult(res.failure() != null, false, false, reg);
    }

    private <A> ItemResult runHost(HostModule<A> hm, Task task, Map<String, Object> rawArgs, Map<String, Object> vars,
                                   String label, boolean handler) throws TransportException {
        A args = hm.parse(new Args(hm.name(), rawArgs), localFiles(task, vars));
        Become become = becomeFor(task, vars);
        boolean local = delegatedToController(task, vars);
        // A task delegated to the controller plans against the controller's own facts, and never joins the host's batch.
        Facts facts = local ? state.controllerFacts : state.facts;
        Connection conn = local ? controller(become) : connectionFor(become);
        if (local) flush();
        gather(conn, hm.facts(args), facts);
        Planned planned = hm.plan(args, facts);
        Change change = planned.change();
        // changed_when: false is never a pending change, whatever the module would do; a module that reports no change runs quietly.
        boolean quiet = (change.action().isChange() && isLiteralFalse(task.changedWhen()))
                || (change.action() == Action.RUN && hm.reportsNoChange(args));

        Map<String, String> env = environment(task, vars);
        Mode mode = modeFor(task);
        if (mode == Mode.PLAN) {
            // A check_mode task in apply is only planned: the host will not be as predicted.
            if (settings.mode() == Mode.PLAN) planned.predicted().forEach(facts::apply);
            if (change.action() == Action.RUN) {
                record(task, label, change, null, quiet ? TaskOutcome.Status.OK : TaskOutcome.Status.CHANGED, null, quiet, handler);
                return new ItemResult(false, !quiet, true, null);
            }
            Map<String, Object> reg = registered(hm, args, planned, null, change.action().isChange(), false);
            return finish(task, vars, label, change, reg, handler, quiet);
        }

        // Plain changes wait and go to the host together; anything whose real result matters runs now.
        boolean batchable = !local && change.action() != Action.RUN && !change.steps().isEmpty() && task.register() == null
                && task.changedWhen() == null && task.failedWhen() == null && !task.ignoreErrors();
        if (batchable) {
            if (!pending.isEmpty() && !java.util.Objects.equals(pendingBecome, become)) flush();
            pendingBecome = become;
            for (Step step : change.steps()) pending.add(new PendingStep(withEnvironment(step, env), outcomes.size(), task));
            planned.predicted().forEach(facts::apply);
            return finish(task, vars, label, change, registered(hm, args, planned, null, change.action().isChange(), false), handler, quiet);
        }
        // Pending changes go first in the same exec; after a command, which may have changed anything, the facts
        // later tasks ask are read again at the end of that exec, rather than trusted or asked in one more.
        ExecResult last = null;
        boolean failed = false;
        String regathered = null;
        FactBatch.Script regather = null;
        List<Step> steps = change.steps();
        if (steps.isEmpty()) flush();
        for (int i = 0; i < steps.size(); i++) {
            Step step = withEnvironment(steps.get(i), env);
            if (local) {
                // The controller: not the host's exec, so neither its batch nor its facts.
                long start = System.nanoTime();
                try {
                    last = conn.exec(step.script(), step.stdin());
                } finally {
                    state.applyNanos += System.nanoTime() - start;
                }
            } else {
                // In a plan (a read-only command under check_mode: false) the predicted facts stay as they are.
                regather = i == steps.size() - 1 && change.action() == Action.RUN && settings.mode() == Mode.APPLY
                        ? FactBatch.script(queriesAfter(task, become, handler), new Facts()) : null;
                StepBatch.Finished done = flush(become, step, regather == null ? null : regather.text());
                last = done.last();
                regathered = done.after();
            }
            if (hm.failed(args, last)) {
                failed = true;
                break;
            }
        }
        // A read-only command run for real in a plan, needing what an earlier planned task installs.
        if (failed && settings.mode() == Mode.PLAN && unpredictedBy != null && !local) {
            throw KnownAfterApply.after(unpredictedBy, "it fails (" + (last.err().isBlank() ? "exit code " + last.exitCode() : last.err().strip()) + ")");
        }
        if (change.action() == Action.RUN && settings.mode() == Mode.APPLY) {
            facts.clear();
            if (regather != null && regathered != null) storeRegathered(regather, regathered);
        } else if (!failed) {
            planned.predicted().forEach(facts::apply);
        }
        Map<String, Object> reg = registered(hm, args, planned, last, change.action().isChange() && !hm.reportsNoChange(args), failed);
        if (failed && !reg.containsKey("msg")) reg.put("msg", last.err().strip().isEmpty() ? "exit code " + last.exitCode() : last.err().strip());
        return finish(task, vars, label, change, reg, handler, quiet);
    }

    /** {@code delegate_to}: only the controller ({@code localhost}) is supported, checked again once rendered. */
    private boolean delegatedToController(Task task, Map<String, Object> vars) {
        if (task.delegateTo() == null) return false;
        String to = String.valueOf(render(task.delegateTo(), vars, task));
        if (!Task.CONTROLLER_NAMES.contains(to)) throw new ArgException("delegate_to: only localhost is supported, not '" + to + "'");
        return true;
    }

    private Connection controller(Become become) {
        if (state.controller == null) state.controller = new LocalConnection("localhost");
        return become == null ? state.controller : become.on(state.controller);
    }

    /**
     * How this task runs: {@code check_mode: true} only plans it, even in apply. {@code check_mode: false} runs a
     * command for real in plan mode only when it declares itself read-only ({@code changed_when: false}), the way
     * roles gather information; any other task is planned, so a plan never changes a host.
     */
    private Mode modeFor(Task task) {
        if (Boolean.TRUE.equals(task.checkMode())) return Mode.PLAN;
        if (Boolean.FALSE.equals(task.checkMode()) && settings.mode() == Mode.PLAN
                && (task.module().equals("command") || task.module().equals("shell")) && isLiteralFalse(task.changedWhen())) {
            return Mode.APPLY;
        }
        return settings.mode();
    }

    /** {@code environment:} rendered to names and values; every name must be a shell variable name. */
    private Map<String, String> environment(Task task, Map<String, Object> vars) {
        if (task.environment() == null) return Map.of();
        Object rendered = render(task.environment(), vars, task);
        if (!(rendered instanceof Map<?, ?> m)) throw new ArgException("environment must be a mapping, got " + rendered);
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) throw new ArgException("environment: '" + name + "' is not a variable name");
            env.put(name, e.getValue() == null ? "" : String.valueOf(e.getValue()));
        }
        return env;
    }

    /** The step with {@code env} exported first; each step runs in a shell of its own, so nothing leaks to the next. */
    private static Step withEnvironment(Step step, Map<String, String> env) {
        if (env.isEmpty()) return step;
        StringBuilder exports = new StringBuilder();
        env.forEach((k, v) -> exports.append("export ").append(k).append('=').append(Shell.quote(v)).append('\n'));
        return new Step(exports + step.script(), step.stdin());
    }

    /** Facts read again after a command; any that cannot be read (a file changed while read) are asked when needed. */
    private void storeRegathered(FactBatch.Script regather, String output) {
        try {
            regather.store(output, state.facts);
        } catch (FactBatch.ContentMismatch | FactBatch.Incomplete | RuntimeException e) {
            state.facts.clear();
        }
    }

    /** A module that drops and reopens the connection (reboot): RUN in plan, carried out alone in apply. */
    private <A> ItemResult runProcedure(ProcedureModule<A> pm, Task task, Map<String, Object> rawArgs, Map<String, Object> vars,
                                        String label, boolean handler) throws TransportException {
        A args = pm.parse(new Args(pm.name(), rawArgs), localFiles(task, vars));
        Change change = pm.plan(args);
        if (settings.mode() == Mode.PLAN) {
            record(task, label, change, null, TaskOutcome.Status.CHANGED, null, false, handler);
            return new ItemResult(false, true, true, null);
        }
        flush();
        ProcedureResult result;
        long start = System.nanoTime();
        try {
            result = pm.run(args, state.connection.through(becomeFor(task, vars)));
        } finally {
            state.applyNanos += System.nanoTime() - start;
        }
        // Whatever the host looked like before may not hold after it: facts are read again when needed.
        state.facts.clear();
        Map<String, Object> reg = new LinkedHashMap<>(result.registered());
        reg.put("changed", !result.failed());
        reg.put("failed", result.failed());
        return finish(task, vars, label, change, reg, handler, false);
    }

    private <A> Map<String, Object> registered(HostModule<A> hm, A args, Planned planned, ExecResult last, boolean changed, boolean failed) {
        Map<String, Object> reg = new LinkedHashMap<>(hm.registered(args, planned, last));
        reg.put("changed", changed);
        reg.put("failed", failed);
        return reg;
    }

    /** Applies changed_when / failed_when, records the outcome. */
    private ItemResult finish(Task task, Map<String, Object> vars, String label, Change change, Map<String, Object> reg,
                              boolean handler, boolean quiet) {
        Map<String, Object> withReg = vars;
        if (task.register() != null) {
            withReg = new LinkedHashMap<>(vars);
            withReg.put(task.register(), reg);
        }
        boolean changed = (Boolean) reg.get("changed");
        boolean failed = (Boolean) reg.get("failed");
        if (task.changedWhen() != null) changed = conditionHolds(task.changedWhen(), withReg, task);
        if (task.failedWhen() != null) failed = conditionHolds(task.failedWhen(), withReg, task);
        reg.put("changed", changed);
        reg.put("failed", failed);
        if (!failed && reg.get("ansible_facts") instanceof Map<?, ?> returned) addFacts(returned);
        TaskOutcome.Status st = failed ? TaskOutcome.Status.FAILED : changed ? TaskOutcome.Status.CHANGED : TaskOutcome.Status.OK;
        String msg = failed ? String.valueOf(reg.getOrDefault("msg", "failed")) : null;
        record(task, label, change, null, st, msg, quiet, handler);
        return new ItemResult(failed, changed, false, reg);
    }

    /** Facts a module returns ({@code service_facts}, {@code package_facts}, {@code getent}) join the host's, as in Ansible. */
    @SuppressWarnings("unchecked")
    private void addFacts(Map<?, ?> returned) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (state.factVars.get("ansible_facts") instanceof Map<?, ?> known) all.putAll((Map<String, Object>) known);
        returned.forEach((k, v) -> {
            String name = String.valueOf(k);
            // As Ansible injects them: each fact under its own name, and under ansible_facts without an "ansible_" prefix.
            state.factVars.put(name, Data.of(v));
            all.put(name.startsWith("ansible_") ? name.substring("ansible_".length()) : name, v);
        });
        state.factVars.put("ansible_facts", Data.of(all));
    }

    private Change unknownChange(Task task, KnownAfterApply e) {
        return new Change(Action.RUN, task.module() + " (" + e.getMessage() + ")", List.of(), null, List.of());
    }

    private void record(Task task, String label, Change change, Change unknown, TaskOutcome.Status status, String message,
                        boolean quiet, boolean handler) {
        Change c = change != null ? change : unknown;
        if (status == TaskOutcome.Status.FAILED) lastFailed = new Failure(task, message);
        if (status == TaskOutcome.Status.CHANGED && settings.mode() == Mode.PLAN && c != null
                && (c.action() == Action.RUN || PREDICTS_NO_FILES.contains(task.module()))) {
            unpredictedBy = task.displayName();
        }
        outcomes.add(new TaskOutcome(task.displayName(), task.at(), task.module(), c, status, message, label,
                task.noLog(), quiet, handler));
    }

    private String failure(Task task, RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Source at = e instanceof TemplateException te && te.at() != null ? te.at() : task.at();
        return at + ": " + msg;
    }

    // ---- variables and templating

    private Map<String, Object> varsFor(Task task) {
        return varsFor(task, Map.of());
    }

    /**
     * Variables for a task, lowest precedence first (Ansible's order, a subset of its levels): the play's roles'
     * defaults then the task's role's, inventory, gathered facts, play vars, the play's roles' vars then the
     * task's role's, block and task vars, role parameters, include vars, set_fact/include_vars/register, magic,
     * extra vars.
     */
    private Map<String, Object> varsFor(Task task, Map<String, Object> scope) {
        Role role = task.role();
        Map<String, Object> vars = new LinkedHashMap<>();
        playRoles.forEach(r -> vars.putAll(r.defaults()));
        if (role != null) vars.putAll(role.defaults());
        vars.putAll(inventoryVars);
        vars.putAll(state.factVars);
        vars.putAll(play.vars());
        playRoles.forEach(r -> vars.putAll(r.vars()));
        if (role != null) vars.putAll(role.vars());
        vars.putAll(task.vars());
        if (role != null) vars.putAll(role.params());
        vars.putAll(scope);
        vars.putAll(state.runVars);
        vars.putAll(topVars);
        if (role != null) {
            vars.put("role_name", role.name());
            vars.put("role_path", role.dir().toAbsolutePath().normalize().toString());
            vars.putAll(MagicVars.ofRole(play, role)); // branch python: ansible_parent_role_names (include_role)
        }
        dataNames(vars, scope);
        return vars;
    }

    /**
     * Lists in {@code vars} the names whose winning value is data: gathered facts, register and set_fact values, loop
     * items of includes; a name a trusted level overrides (play vars over facts, {@code -e} over all) stays a template.
     */
    private void dataNames(Map<String, Object> vars, Map<String, Object> scope) {
        List<String> names = new ArrayList<>();
        state.factVars.forEach((k, v) -> { if (vars.get(k) == v) names.add(k); });
        for (String k : state.dataVars) if (state.runVars.containsKey(k) && vars.get(k) == state.runVars.get(k)) names.add(k);
        for (String k : Data.names(scope)) if (vars.get(k) == scope.get(k)) names.add(k);
        vars.remove(Data.NAMES);
        Data.markNames(vars, names);
    }

    private Map<String, Object> withItem(Task task, Map<String, Object> vars, Object item) {
        if (task.loop() == null) return vars;
        Map<String, Object> v = new LinkedHashMap<>(vars);
        // A loop item is a rendering's result (or a host's answer): data.
        v.put(task.loopVar(), Data.of(item));
        Data.markNames(v, List.of(task.loopVar()));
        return v;
    }

    private List<Object> loopItems(Task task, Map<String, Object> vars) {
        if (task.loop() == null) {
            List<Object> once = new ArrayList<>();
            once.add(null);
            return once;
        }
        if (task.loop() instanceof LoopLookup lookup) {
            try {
                return templater.loopLookup(lookup.lookup(), lookup.terms(), vars, task.at());
            } catch (UndefinedVariableException e) {
                throw unknownOr(e);
            }
        }
        Object rendered = render(task.loop(), vars, task);
        if (rendered instanceof List<?> l) return new ArrayList<>(l);
        if (rendered instanceof String s && task.loop() instanceof String) {
            throw new dev.opsctl.module.ArgException("loop must be a list, got the string '" + s + "'");
        }
        throw new dev.opsctl.module.ArgException("loop must be a list, got " + rendered);
    }

    private String label(Task task, Map<String, Object> vars, Object item) {
        Object l = task.loopLabel() == null ? item : render(task.loopLabel(), vars, task);
        return l instanceof String s ? s : dev.opsctl.json.Json.write(l);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> renderArgs(Task task, Map<String, Object> vars) {
        Map<String, Object> rendered = new LinkedHashMap<>((Map<String, Object>) render(task.args(), vars, task));
        rendered.values().removeIf(OMIT::equals);
        return rendered;
    }

    private Object render(Object value, Map<String, Object> vars, Task task) {
        try {
            return templater.render(value, vars, task.at());
        } catch (UndefinedVariableException e) {
            throw unknownOr(e);
        }
    }

    private Object evaluate(String expression, Map<String, Object> vars, Task task) {
        try {
            return templater.evaluate(expression, vars, task.at());
        } catch (UndefinedVariableException e) {
            throw unknownOr(e);
        }
    }

    /** Whether the task's when: is false with the variables known before its loop (an error there counts as not false). */
    private boolean whenFalseWithoutItem(Task task, Map<String, Object> vars) {
        if (task.when() == null) return false;
        try {
            return !conditionHolds(task.when(), vars, task);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** {@code when:}, {@code changed_when:}, {@code failed_when:}: a condition or a list of them (all must hold). */
    private boolean conditionHolds(Object condition, Map<String, Object> vars, Task task) {
        List<?> all = condition instanceof List<?> l ? l : List.of(condition);
        for (Object c : all) {
            try {
                if (!templater.isTrue(stripBraces(c), vars, task.at())) return false;
            } catch (UndefinedVariableException e) {
                throw unknownOr(e);
            }
        }
        return true;
    }

    /** Ansible accepts (with a warning) {@code when: "{{ x }}"}; the bare expression means the same. */
    private static Object stripBraces(Object c) {
        if (c instanceof String s) {
            String t = s.strip();
            if (t.startsWith("{{") && t.endsWith("}}") && t.indexOf("{{", 2) < 0) return t.substring(2, t.length() - 2).strip();
        }
        return c;
    }

    private RuntimeException unknownOr(UndefinedVariableException e) {
        String root = e.variable().split("[.\\[]", 2)[0];
        if (state.unknown.contains(root)) return new KnownAfterApply(root);
        return e;
    }

    private static boolean isLiteralFalse(Object v) {
        if (v == null) return false;
        Boolean b = v instanceof String s ? (s.strip().equalsIgnoreCase("false") ? Boolean.FALSE : null) : Args.toBool(v);
        return Boolean.FALSE.equals(b);
    }
}
