package dev.opsctl.exec;

import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.module.HostModule;
import dev.opsctl.playbook.Block;
import dev.opsctl.playbook.Include;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.Task;
import dev.opsctl.playbook.TaskNode;
import dev.opsctl.template.Data;
import dev.opsctl.template.UndefinedVariableException;
import dev.opsctl.transport.Become;
import dev.opsctl.transport.BecomeRefused;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The facts a play's tasks will ask, asked before the first task in one remote exec per become user; and, after a
 * command that may have changed anything, which of them the later tasks will ask again.
 */
final class FactPrefetch {
    /** What a task asks, and as whom: what to ask again after a command ran. */
    private record TaskQueries(Optional<Become> become, List<FactQuery<?>> queries) {
        TaskQueries plus(TaskQueries more) {
            List<FactQuery<?>> all = new ArrayList<>(queries);
            all.addAll(more.queries);
            return new TaskQueries(become, all);
        }
    }

    private final HostPlay run;
    /** Each section's tasks in file order, blocks and included files known at load time opened up. */
    private final List<List<Task>> flatSections;
    private final Map<Task, TaskQueries> queriesByTask = new LinkedHashMap<>();

    FactPrefetch(HostPlay run) {
        this.run = run;
        this.flatSections = run.play().sections().stream().map(TaskNode::tasksIn).toList();
    }

    /** How many tasks and handlers the play has, for "applying 3/12". */
    int taskCount() {
        return flatSections.stream().mapToInt(List::size).sum() + run.play().handlers().size();
    }

    /** The play-level task that gathers facts (Ansible's "Gathering Facts"): the play's become applies to it. */
    static Task gatheringTask(Play play, String name) {
        return new Task(name, "setup", Map.of(), play.at(), null, null, "item", null, null, List.of(), List.of(),
                null, null, false, false, Map.of(), null, null, List.of(), null, null, null, null, null, false, Map.of(), null);
    }

    /** What {@link #gather} asks, per become user, once worked out; and the host facts among it (null: not gathered). */
    private Map<Optional<Become>, List<FactQuery<?>>> byBecome;
    private HostFacts hostFacts;

    /**
     * Works out what the play's tasks will ask, without contacting the host: done while its connection is being
     * opened, it is off the critical path. {@link #gather} does it itself when nobody did.
     */
    void prepare() {
        if (byBecome != null) return;
        byBecome = new LinkedHashMap<>();
        Play play = run.play();
        hostFacts = play.gatherFacts() ? HostFacts.of(play.gatherSubset().toArray(String[]::new)) : null;
        if (hostFacts != null) {
            Task playLevel = gatheringTask(play, null);
            byBecome.computeIfAbsent(Optional.ofNullable(run.become(run.variables().scope(playLevel, Map.of()))), k -> new ArrayList<>())
                    .add(hostFacts);
        }
        Wanted wanted = new Wanted(byBecome, hostFacts != null);
        for (List<TaskNode> section : play.sections()) wanted.add(section, Map.of());
        for (Task handler : play.handlers()) wanted.add(handler, Map.of());
    }

    /** Answers every fact query the play's tasks will ask, in one remote exec (per become user), before planning. */
    void gather() throws TransportException {
        prepare();
        HostState state = run.state();
        Set<String> known = state.facts.entries().keySet();
        for (Map.Entry<Optional<Become>, List<FactQuery<?>>> e : byBecome.entrySet()) {
            try {
                FactBatch.gather(run.queue().connection(e.getKey().orElse(null)), e.getValue(), state.facts);
            } catch (BecomeRefused refused) {
                // A become user that an earlier task creates (user, a package's postinst) is not there yet: its
                // tasks ask when they run. Gathering Facts itself fails as Ansible's does.
                if (refused.unknownUser() == null || e.getValue().contains(hostFacts)) throw refused;
            }
        }
        // Only answers read just now describe the real host; keys known before may hold predicted values.
        state.facts.entries().forEach((key, answer) -> {
            if (!known.contains(key)) state.observedFacts.putIfAbsent(key, answer);
        });
        if (hostFacts != null) HostFacts.asVariables(state.facts.get(hostFacts)).forEach((k, v) -> state.factVars.put(k, Data.of(v)));
    }

    /** What the first fact exec asks: the queries of every task whose arguments can be known before any task runs. */
    private final class Wanted {
        private final Map<Optional<Become>, List<FactQuery<?>>> byBecome;
        private final boolean gatheringHostFacts;

        Wanted(Map<Optional<Become>, List<FactQuery<?>>> byBecome, boolean gatheringHostFacts) {
            this.byBecome = byBecome;
            this.gatheringHostFacts = gatheringHostFacts;
        }

        /** Tasks in blocks, and in includes whose file and loop are known now (per loop item), are asked for too. */
        void add(List<TaskNode> nodes, Map<String, Object> includeVars) {
            for (TaskNode node : nodes) {
                if (node instanceof Task task) {
                    add(task, includeVars);
                } else if (node instanceof Block block) {
                    add(block.block(), includeVars);
                    add(block.rescue(), includeVars);
                    add(block.always(), includeVars);
                } else if (node instanceof Include include && include.tasks() != null && run.tags().selects(include.tags())) {
                    addIncluded(include, includeVars);
                }
            }
        }

        private void addIncluded(Include include, Map<String, Object> includeVars) {
            try {
                TaskScope scope = run.variables().scope(include.asTask(), includeVars);
                for (IncludedItem item : IncludedItem.of(include, scope, includeVars)) add(include.tasks(), item.includeVars());
            } catch (RuntimeException e) {
                // Decided only when the host gets there (facts, registered values): its tasks gather then.
            }
        }

        void add(Task task, Map<String, Object> includeVars) {
            if (!run.tags().selects(task.tags()) || task.delegateTo() != null || task.unsupported() != null
                    || !(run.modules().find(task.module()) instanceof HostModule<?> hm)) return;
            TaskScope scope = run.variables().scope(task, includeVars);
            // Host facts are not known yet: stand-ins let a task whose content (not path) uses them be asked for now.
            for (int attempt = 0; attempt < 8; attempt++) {
                try {
                    List<FactQuery<?>> queries = new ArrayList<>();
                    for (Object item : scope.loopItems()) {
                        TaskScope itemScope = scope.withItem(item);
                        if (!itemScope.whenHolds()) continue;
                        queries.addAll(run.planner().parse(hm, itemScope).upFront());
                    }
                    Optional<Become> as = Optional.ofNullable(run.become(scope));
                    byBecome.computeIfAbsent(as, k -> new ArrayList<>()).addAll(queries);
                    // An included task asked once per loop item of its include: what it asks adds up.
                    queriesByTask.merge(task, new TaskQueries(as, queries), TaskQueries::plus);
                    return;
                } catch (UndefinedVariableException e) {
                    String root = e.variable().split("[.\\[]", 2)[0];
                    if (!gatheringHostFacts || !root.startsWith("ansible_") || scope.vars().containsKey(root)) return;
                    scope = scope.with(root, FactStandIn.INSTANCE);
                } catch (RuntimeException e) {
                    // Not plannable yet (depends on a later value): its task gathers what it needs when it runs.
                    return;
                }
            }
        }
    }

    /**
     * The queries of the tasks that may run after {@code task} as {@code become}: the later tasks of its section and
     * of later sections, and every handler (a handler: the handlers after it and the later sections). Asked in the
     * same exec as a command, they describe the host as the command left it, at no extra round trip.
     */
    List<FactQuery<?>> queriesAfter(Task task, Become become, boolean handler, int section) {
        List<List<Task>> sections = flatSections;
        List<Task> own = handler ? run.play().handlers() : sections.get(section);
        // By position, not equality: the task may run under its rendered name; one from a file included only
        // now is not in the list, and then the whole section counts as later.
        int at = 0;
        while (at < own.size() && !own.get(at).at().equals(task.at())) at++;
        List<Task> later = new ArrayList<>(at < own.size() ? own.subList(at + 1, own.size()) : own);
        for (int i = section + 1; i < sections.size(); i++) later.addAll(sections.get(i));
        if (!handler || section + 1 < sections.size()) later.addAll(run.play().handlers());
        List<FactQuery<?>> out = new ArrayList<>();
        for (Task t : later) {
            TaskQueries tq = queriesByTask.get(t);
            if (tq != null && tq.become().equals(Optional.ofNullable(become))) out.addAll(tq.queries());
        }
        return out;
    }

    /** Facts not known yet are asked now; pending changes go first, so the answers describe the host as it will be. */
    void gatherFor(List<FactQuery<?>> queries, Connection conn, Facts facts) throws TransportException {
        if (queries.stream().allMatch(facts::has)) return;
        run.queue().flush();
        FactBatch.gather(conn, queries, facts);
    }
}
