package dev.opsctl.exec;

import dev.opsctl.diag.Source;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Data;
import dev.opsctl.template.Templater;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A host module's task from its scope to its plan, without touching a host: its arguments rendered and parsed
 * (controller files read, templates rendered), the facts it asks, then its pure plan and the facts it predicts.
 *
 * <p>The fact prefetch and the run both start here, and a task whose variables did not change in between (no
 * set_fact, no register, no facts gathered for it) is rendered and parsed once: the run takes the prefetch's
 * parse. Variables compare by identity (strings, numbers and booleans by value): a task's variables are built from
 * the same objects each time, and a deep comparison would walk {@code hostvars}, every host's variables.
 */
final class TaskPlanner {
    /** A task's parsed arguments and the facts its plan reads. */
    record Parsed<A>(HostModule<A> module, A args) {
        List<FactQuery<?>> facts() {
            return module.facts(args);
        }

        /** The facts to ask before any task runs (a query may only be answerable as its task runs). */
        List<FactQuery<?>> upFront() {
            return facts().stream().filter(FactQuery::upFront).toList();
        }

        /** Pure: the change and the facts it predicts, from {@code facts} holding the answers to {@link #facts}. */
        Planned plan(Facts facts) {
            return module.plan(args, facts);
        }
    }

    private final Templater templater;
    private final Path playbookDir;
    private final Set<Path> filesRead;
    private final Map<ParseKey, Parsed<?>> parsed = new HashMap<>();

    /** @param filesRead collects every controller file read, for a saved plan's input hash */
    TaskPlanner(Templater templater, Path playbookDir, Set<Path> filesRead) {
        this.templater = templater;
        this.playbookDir = playbookDir;
        this.filesRead = filesRead;
    }

    /** The task's arguments rendered in {@code scope} and parsed by {@code module}; the same parse for the same variables. */
    @SuppressWarnings("unchecked")
    <A> Parsed<A> parse(HostModule<A> module, TaskScope scope) {
        // Stand-ins for facts not gathered yet render differently from the facts: such a parse is never reused.
        boolean standIns = scope.vars().values().stream().anyMatch(v -> v == FactStandIn.INSTANCE);
        ParseKey key = standIns ? null : new ParseKey(scope.task().at(), scope.task().args(), module.name(), scope.vars());
        Parsed<A> known = key == null ? null : (Parsed<A>) parsed.get(key);
        if (known != null) return known;
        Parsed<A> fresh = new Parsed<>(module, module.parse(new Args(module.name(), scope.args()), files(scope)));
        if (key != null) parsed.put(key, fresh);
        return fresh;
    }

    /** Controller files the task names, searched as Ansible does, templates rendered in {@code scope}. */
    ModuleContext files(TaskScope scope) {
        Task task = scope.task();
        List<Path> bases = new ArrayList<>();
        if (task.role() != null) bases.add(task.role().dir());
        Path taskFileDir = Path.of(task.at().file()).toAbsolutePath().getParent();
        if (taskFileDir != null && task.role() == null) bases.add(taskFileDir);
        bases.add(playbookDir);
        return new LocalFiles(bases.stream().distinct().toList(), templater, scope.vars(), filesRead);
    }

    /** A task (by where it is written and its arguments as written) and the variables it was parsed with. */
    private record ParseKey(Source at, Map<String, Object> args, String module, Map<String, Object> vars) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof ParseKey k) || !at.equals(k.at) || args != k.args || !module.equals(k.module)
                    || vars.size() != k.vars.size()) return false;
            for (Map.Entry<String, Object> e : vars.entrySet()) {
                if (!k.vars.containsKey(e.getKey()) || !same(e.getKey(), e.getValue(), k.vars.get(e.getKey()))) return false;
            }
            return true;
        }

        @Override
        public int hashCode() {
            int h = at.hashCode() * 31 + System.identityHashCode(args) * 17 + module.hashCode();
            for (Map.Entry<String, Object> e : vars.entrySet()) h += e.getKey().hashCode() ^ hash(e.getKey(), e.getValue());
            return h;
        }

        /** The set of data names is built afresh for each scope; it is a set of strings, compared by value. */
        private static boolean same(String name, Object a, Object b) {
            return a == b || ((scalar(a) || name.equals(Data.NAMES)) && a.equals(b));
        }

        private static int hash(String name, Object v) {
            return scalar(v) || name.equals(Data.NAMES) ? v.hashCode() : System.identityHashCode(v);
        }

        private static boolean scalar(Object v) {
            return v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character;
        }
    }
}
