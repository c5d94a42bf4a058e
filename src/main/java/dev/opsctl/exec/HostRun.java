package dev.opsctl.exec;

import dev.opsctl.diag.Source;
import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.Module;
import dev.opsctl.module.ModuleRegistry;
import dev.opsctl.module.Planned;
import dev.opsctl.module.ProcedureModule;
import dev.opsctl.module.ProcedureResult;
import dev.opsctl.module.TaskContext;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.TemplateException;
import dev.opsctl.template.Templater;
import dev.opsctl.template.UndefinedVariableException;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.ExecResult;
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
    /** Steps of changes planned but not yet carried out (apply mode): they go to the host in one exec. */
    private final List<PendingStep> pending = new ArrayList<>();
    private Become pendingBecome;
    /** Templates rendered for this host (see {@link LocalFiles}). */
    private final Map<LocalFiles.RenderKey, String> rendered = new HashMap<>();
    /** The index of the section running (its handlers run at its end). */
    private int section;

    private record PendingStep(Step step, int outcomeIndex) {}

    /** What each task (and handler) asks, by task, and as whom: what to ask again after a command ran. */
    private final Map<Task, TaskQueries> queriesByTask = new LinkedHashMap<>();
    private record TaskQueries(Optional<Become> become, List<FactQuery<?>> queries) {}

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
            Templater templater, ModuleRegistry modules, Path playbookDir, Set<Path> filesRead, BatchGuard batch) {
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
        this.tags = new Tags(settings.tags(), settings.skipTags());
    }

    HostResult run() {
        try {
            long start = System.nanoTime();
            gatherFacts();
            long factsDone = System.nanoTime();
            state.factsNanos += factsDone - start;
            try {
                return runSections();
            } catch (StepsFailed e) {
                return result(HostResult.State.FAILED, null);
            } finally {
                state.tasksNanos += System.nanoTime() - factsDone;
            }
        } catch (TransportException e) {
            return result(HostResult.State.UNREACHABLE, e.getMessage());
        }
    }

    private HostResult runSections() throws TransportException {
        for (section = 0; section < play.sections().size(); section++) {
            for (Task task : play.sections().get(section)) {
                if (!tags.selects(task.tags())) continue;
                if (!runInBatch(task, false)) return failedAfterFlush();
            }
            if (!runHandlers()) return failedAfterFlush();
        }
        flush();
        return result(HostResult.State.OK, null);
    }

    /** A task failed: what was planned before it still happens, as it would have one task at a time. */
    private HostResult failedAfterFlush() throws TransportException {
        flush();
        return result(HostResult.State.FAILED, null);
    }

    private HostResult result(HostResult.State s, String error) {
        return new HostResult(state.host, outcomes, s, error, HostStats.NONE, state.observedFacts);
    }

    /** Answers every fact query the play's tasks will ask, in one remote exec (per become user), before planning. */
    private void gatherFacts() throws TransportException {
        Map<Optional<Become>, List<FactQuery<?>>> byBecome = new LinkedHashMap<>();
        HostFacts hostFacts = play.gatherFacts() ? HostFacts.of(play.gatherSubset().toArray(String[]::new)) : null;
        if (hostFacts != null) {
            Task playLevel = new Task(null, "setup", Map.of(), play.at(), null, null, "item", null, null, List.of(), List.of(),
                    null, null, false, false, Map.of(), null, null, List.of(), null);
            byBecome.computeIfAbsent(Optional.ofNullable(becomeFor(playLevel, varsFor(playLevel))), k -> new ArrayList<>()).add(hostFacts);
        }
        List<Task> all = new ArrayList<>();
        play.sections().forEach(all::addAll);
        all.addAll(play.handlers());
        for (Task task : all) {
            if (!tags.selects(task.tags()) || !(modules.find(task.module()) instanceof HostModule<?> hm)) continue;
            Map<String, Object> vars = varsFor(task);
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
                    queriesByTask.put(task, new TaskQueries(as, queries));
                    break;
                } catch (UndefinedVariableException e) {
                    String root = e.variable().split("[.\\[]", 2)[0];
                    if (hostFacts == null || !root.startsWith("ansible_") || vars.containsKey(root)) break;
                    vars.put(root, FactStandIn.INSTANCE);
                } catch (RuntimeException e) {
                    // Not plannable yet (depends on a later value): its task gathers what it needs when it runs.
                    break;
                }
            }
        }
        Set<String> known = state.facts.entries().keySet();
        for (Map.Entry<Optional<Become>, List<FactQuery<?>>> e : byBecome.entrySet()) {
            FactBatch.gather(connectionFor(e.getKey().orElse(null)), e.getValue(), state.facts);
        }
        // Only answers read just now describe the real host; keys known before may hold predicted values.
        state.facts.entries().forEach((key, answer) -> {
            if (!known.contains(key)) state.observedFacts.putIfAbsent(key, FactDigest.of(key, answer));
        });
        if (hostFacts != null) state.factVars.putAll(HostFacts.asVariables(state.facts.get(hostFacts)));
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
        if (user == null) user = task.becomeUser() != null ? task.becomeUser() : play.becomeUser() != null ? play.becomeUser()
                : settings.becomeUser() != null ? settings.becomeUser() : "root";
        String password = firstString(vars, task, "ansible_become_password", "ansible_become_pass");
        if (password == null) password = settings.becomePassword();
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
    private void gather(Connection conn, List<FactQuery<?>> queries) throws TransportException {
        if (queries.stream().allMatch(state.facts::has)) return;
        flush();
        FactBatch.gather(conn, queries, state.facts);
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
        List<List<Task>> sections = play.sections();
        List<Task> own = handler ? play.handlers() : sections.get(section);
        List<Task> later = new ArrayList<>(own.subList(own.indexOf(task) + 1, own.size()));
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
        return hm.facts(hm.parse(new Args(hm.name(), renderArgs(task, vars)), new LocalFiles(playbookDir, templater, vars, filesRead, rendered)));
    }

    private boolean runHandlers() throws TransportException {
        for (Task handler : play.handlers()) {
            boolean hit = handler.name() != null && notified.contains(handler.name());
            for (String l : handler.listen()) hit |= notified.contains(l);
            if (!hit) continue;
            if (!runInBatch(handler, true)) return false;
        }
        notified.clear();
        return true;
    }

    /**
     * Runs a task unless the batch was halted meanwhile (then the host stops before it, marked failed as Ansible
     * does), holding one of its throttle permits if it has a {@code throttle}.
     */
    private boolean runInBatch(Task task, boolean handler) throws TransportException {
        String halted = batch.haltReason();
        if (halted != null) {
            batch.stopped(state.host);
            record(task, null, null, null, TaskOutcome.Status.FAILED, "not run, the batch was stopped: " + halted, false, handler);
            return false;
        }
        Semaphore permits = batch.throttleOf(task);
        if (permits == null) return runTask(task, handler);
        permits.acquireUninterruptibly();
        try {
            // Carried out while the permit is held, not batched with later tasks.
            boolean ok = runTask(task, handler);
            flush();
            return ok;
        } finally {
            permits.release();
        }
    }

    /** Runs one task (every loop item); returns false when the host must stop. */
    private boolean runTask(Task task, boolean handler) throws TransportException {
        Map<String, Object> vars = varsFor(task);
        List<Object> items;
        try {
            items = loopItems(task, vars);
        } catch (KnownAfterApply e) {
            record(task, null, null, unknownChange(task, e), TaskOutcome.Status.CHANGED, null, false, handler);
            markUnknown(task);
            return true;
        } catch (StepsFailed e) {
            throw e;
        } catch (RuntimeException e) {
            record(task, null, null, null, TaskOutcome.Status.FAILED, failure(task, e), false, handler);
            return task.ignoreErrors();
        }
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
                state.runVars.put(task.register(), reg);
                state.unknown.remove(task.register());
            }
        }
        if (changed && !failed) notified.addAll(task.notifies());
        return !failed || task.ignoreErrors();
    }

    private void markUnknown(Task task) {
        if (task.register() != null) {
            state.unknown.add(task.register());
            state.runVars.remove(task.register());
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
            Map<String, Object> args = renderArgs(task, vars);
            if (module instanceof ControllerModule cm) return runController(cm, task, args, vars, label, handler);
            if (module instanceof ProcedureModule<?> pm) return runProcedure(pm, task, args, vars, label, handler);
            return runHost((HostModule<?>) module, task, args, vars, label, handler);
        } catch (KnownAfterApply e) {
            record(task, label, null, unknownChange(task, e), TaskOutcome.Status.CHANGED, null, false, handler);
            return new ItemResult(false, true, true, null);
        } catch (TransportException | StepsFailed e) {
            throw e;
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
        state.runVars.putAll(res.setVars());
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
        A args = hm.parse(new Args(hm.name(), rawArgs), new LocalFiles(playbookDir, templater, vars, filesRead, rendered));
        Become become = becomeFor(task, vars);
        Connection conn = connectionFor(become);
        gather(conn, hm.facts(args));
        Planned planned = hm.plan(args, state.facts);
        Change change = planned.change();
        boolean quiet = change.action() == Action.RUN && isLiteralFalse(task.changedWhen());

        if (settings.mode() == Mode.PLAN) {
            planned.predicted().forEach(state.facts::apply);
            if (change.action() == Action.RUN) {
                record(task, label, change, null, quiet ? TaskOutcome.Status.OK : TaskOutcome.Status.CHANGED, null, quiet, handler);
                return new ItemResult(false, !quiet, true, null);
            }
            Map<String, Object> reg = registered(hm, args, planned, null, change.action().isChange(), false);
            return finish(task, vars, label, change, reg, handler, quiet);
        }

        // Plain changes wait and go to the host together; anything whose real result matters runs now.
        boolean batchable = change.action() != Action.RUN && !change.steps().isEmpty() && task.register() == null
                && task.changedWhen() == null && task.failedWhen() == null && !task.ignoreErrors();
        if (batchable) {
            if (!pending.isEmpty() && !java.util.Objects.equals(pendingBecome, become)) flush();
            pendingBecome = become;
            for (Step step : change.steps()) pending.add(new PendingStep(step, outcomes.size()));
            planned.predicted().forEach(state.facts::apply);
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
            regather = i == steps.size() - 1 && change.action() == Action.RUN
                    ? FactBatch.script(queriesAfter(task, become, handler), new Facts()) : null;
            StepBatch.Finished done = flush(become, steps.get(i), regather == null ? null : regather.text());
            last = done.last();
            regathered = done.after();
            if (hm.failed(args, last)) {
                failed = true;
                break;
            }
        }
        if (change.action() == Action.RUN) {
            state.facts.clear();
            if (regather != null && regathered != null) storeRegathered(regather, regathered);
        } else if (!failed) {
            planned.predicted().forEach(state.facts::apply);
        }
        Map<String, Object> reg = registered(hm, args, planned, last, change.action().isChange(), failed);
        if (failed && !reg.containsKey("msg")) reg.put("msg", last.err().strip().isEmpty() ? "exit code " + last.exitCode() : last.err().strip());
        return finish(task, vars, label, change, reg, handler, quiet);
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
        A args = pm.parse(new Args(pm.name(), rawArgs), new LocalFiles(playbookDir, templater, vars, filesRead, rendered));
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

    /** Facts a module returns ({@code service_facts}, {@code package_facts}) join the host's, as in Ansible. */
    @SuppressWarnings("unchecked")
    private void addFacts(Map<?, ?> returned) {
        Map<String, Object> all = new LinkedHashMap<>();
        if (state.factVars.get("ansible_facts") instanceof Map<?, ?> known) all.putAll((Map<String, Object>) known);
        returned.forEach((k, v) -> {
            all.put(String.valueOf(k), v);
            state.factVars.put("ansible_" + k, v);
        });
        state.factVars.put("ansible_facts", all);
    }

    private Change unknownChange(Task task, KnownAfterApply e) {
        return new Change(Action.RUN, task.module() + " (" + e.getMessage() + ")", List.of(), null, List.of());
    }

    private void record(Task task, String label, Change change, Change unknown, TaskOutcome.Status status, String message,
                        boolean quiet, boolean handler) {
        Change c = change != null ? change : unknown;
        outcomes.add(new TaskOutcome(task.displayName(), task.at(), task.module(), c, status, message, label,
                task.noLog(), quiet, handler));
    }

    private String failure(Task task, RuntimeException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        Source at = e instanceof TemplateException te && te.at() != null ? te.at() : task.at();
        return at + ": " + msg;
    }

    // ---- variables and templating

    /**
     * Variables for a task, lowest precedence first: inventory, gathered facts, play vars, task vars,
     * set_fact/register, magic, extra vars.
     */
    private Map<String, Object> varsFor(Task task) {
        Map<String, Object> vars = new LinkedHashMap<>(inventoryVars);
        vars.putAll(state.factVars);
        vars.putAll(play.vars());
        vars.putAll(task.vars());
        vars.putAll(state.runVars);
        vars.putAll(topVars);
        return vars;
    }

    private Map<String, Object> withItem(Task task, Map<String, Object> vars, Object item) {
        if (task.loop() == null) return vars;
        Map<String, Object> v = new LinkedHashMap<>(vars);
        v.put(task.loopVar(), item);
        return v;
    }

    private List<Object> loopItems(Task task, Map<String, Object> vars) {
        if (task.loop() == null) {
            List<Object> once = new ArrayList<>();
            once.add(null);
            return once;
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
