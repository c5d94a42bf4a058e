package dev.opsctl.exec;

import dev.opsctl.diag.Source;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.SelinuxContext;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Templater;
import dev.opsctl.template.UndefinedVariableException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A host module's task from its scope to its plan, without touching a host: its arguments rendered and parsed
 * (controller files read, templates rendered), the facts it asks, then its pure plan and the facts it predicts.
 *
 * <p>The fact prefetch and the run both start here, and a task whose rendering reads the same values when it runs
 * (see {@link VarReads}) is rendered and parsed once: the run takes the prefetch's parse. Only a task that reads
 * a gathered fact, a registered value or a set_fact changed in between, or whose controller files changed, is
 * parsed again.
 */
final class TaskPlanner {
    /**
     * A task's parsed arguments and the facts its plan reads; {@code selinuxArgs} names the SELinux file arguments the
     * task gives (see {@link SelinuxContext}), or is null.
     */
    record Parsed<A>(HostModule<A> module, A args, String selinuxArgs) {
        List<FactQuery<?>> facts() {
            if (selinuxArgs == null) return module.facts(args);
            List<FactQuery<?>> all = new ArrayList<>(module.facts(args));
            all.add(new SelinuxContext.Enabled());
            return all;
        }

        /** The facts to ask before any task runs (a query may only be answerable as its task runs). */
        List<FactQuery<?>> upFront() {
            return facts().stream().filter(FactQuery::upFront).toList();
        }

        /** Pure: the change and the facts it predicts, from {@code facts} holding the answers to {@link #facts}. */
        Planned plan(Facts facts) {
            if (selinuxArgs != null) SelinuxContext.refuseWhereEnabled(selinuxArgs, facts);
            return module.plan(args, facts);
        }
    }

    private final Templater templater;
    private final Path playbookDir;
    private final Set<Path> filesRead;
    private final boolean diffWanted;
    private final Map<TaskKey, List<Reusable>> parsed = new HashMap<>();

    /** @param filesRead collects every controller file read, for a saved plan's input hash */
    TaskPlanner(Templater templater, Path playbookDir, Set<Path> filesRead) {
        this(templater, playbookDir, filesRead, true);
    }

    /** @param diffWanted whether file changes need a diff: only where shown or kept (see {@link ModuleContext#diffWanted()}) */
    TaskPlanner(Templater templater, Path playbookDir, Set<Path> filesRead, boolean diffWanted) {
        this.templater = templater;
        this.playbookDir = playbookDir;
        this.filesRead = filesRead;
        this.diffWanted = diffWanted;
    }

    /**
     * The task's arguments rendered in {@code scope} and parsed by {@code module}; the same parse while the variables
     * it read are unchanged.
     */
    @SuppressWarnings("unchecked")
    <A> Parsed<A> parse(HostModule<A> module, TaskScope scope) {
        TaskKey key = new TaskKey(scope.task().at(), scope.task().args(), module.name());
        List<Reusable> known = parsed.computeIfAbsent(key, k -> new ArrayList<>());
        for (Reusable r : known) if (r.reads().holdsIn(scope.vars()) && r.files().unchanged()) return (Parsed<A>) r.parsed();
        VarReads reads = new VarReads(scope.vars());
        TaskScope reading = scope.over(reads);
        Set<Path> readNow = new HashSet<>();
        Parsed<A> fresh;
        try {
            Map<String, Object> args = reading.args();
            fresh = new Parsed<>(module, module.parse(new Args(module.name(), args), files(reading, readNow)), SelinuxContext.asked(args));
        } catch (UndefinedVariableException e) {
            // A template file (rendered here, on the controller) that needs a value known only after apply.
            throw scope.unknownOr(e);
        } finally {
            filesRead.addAll(readNow);
        }
        VarReads.Snapshot snapshot = reads.snapshot();
        // An earlier task may write a file a later one reads (a template rendered on the controller, then copied).
        if (snapshot != null) known.add(new Reusable(snapshot, FileStamps.of(readNow), fresh));
        return fresh;
    }

    /** Controller files the task names, searched as Ansible does, templates rendered in {@code scope}. */
    ModuleContext files(TaskScope scope) {
        return files(scope, filesRead);
    }

    private ModuleContext files(TaskScope scope, Set<Path> read) {
        Task task = scope.task();
        List<Path> bases = new ArrayList<>();
        if (task.role() != null) bases.add(task.role().dir());
        Path taskFileDir = Path.of(task.at().file()).toAbsolutePath().getParent();
        if (taskFileDir != null && task.role() == null) bases.add(taskFileDir);
        bases.add(playbookDir);
        return new LocalFiles(bases.stream().distinct().toList(), templater, scope.vars(), read, diffWanted);
    }

    /** A parse, the variables and the controller files it read. */
    private record Reusable(VarReads.Snapshot reads, FileStamps files, Parsed<?> parsed) {}

    /** A task: where it is written, its arguments as written (the same map however the task is renamed), its module. */
    private record TaskKey(Source at, Map<String, Object> args, String module) {
        @Override
        public boolean equals(Object o) {
            return o instanceof TaskKey k && at.equals(k.at) && args == k.args && module.equals(k.module);
        }

        @Override
        public int hashCode() {
            return at.hashCode() * 31 + System.identityHashCode(args) * 17 + module.hashCode();
        }
    }
}
