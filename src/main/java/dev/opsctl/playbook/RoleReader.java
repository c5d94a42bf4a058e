package dev.opsctl.playbook;

import static dev.opsctl.playbook.KeywordValues.str;
import static dev.opsctl.playbook.KeywordValues.stringKeys;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Suggest;
import dev.opsctl.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads roles as a play uses them ({@code roles:}, {@code import_role}, {@code include_role}, meta
 * {@code dependencies:}): finds the role, reads its defaults, vars, tasks and handlers, its dependencies first.
 */
final class RoleReader {
    private static final Set<String> ROLE_ARGS = Set.of("name", "tasks_from", "vars_from", "defaults_from", "handlers_from");

    private final LoadContext ctx;
    private final KeywordValues kv;
    private final TaskListReader lists;
    private final TaskReader taskReader;

    RoleReader(LoadContext ctx, KeywordValues kv, TaskListReader lists, TaskReader taskReader) {
        this.ctx = ctx;
        this.kv = kv;
        this.lists = lists;
        this.taskReader = taskReader;
    }

    List<TaskNode> roles(Map<?, ?> raw, Map<String, Object> play, Inherited playLevel) {
        Object v = play.get("roles");
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            ctx.problems.error(ctx.yaml.keyAt(raw, "roles"), "'roles' must be a list");
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        for (Object entry : list) out.addAll(roleEntry(entry, ctx.yaml.at(list), playLevel));
        return out;
    }

    /**
     * A {@code roles:} or {@code dependencies:} entry: a name, or a mapping with {@code role:} (or {@code name:}),
     * keywords (when, tags, vars, become...) and any other key as a role parameter, as Ansible reads it.
     * A role already applied in this play with the same parameters is not applied again.
     */
    private List<TaskNode> roleEntry(Object entry, Source listAt, Inherited outer) {
        // A plain name has no position of its own: errors point at its list.
        if (entry instanceof String name) return role(new RoleUse(name, Map.of(), Map.of(), null, true), listAt, outer);
        if (!(entry instanceof Map<?, ?> raw)) {
            ctx.problems.error(ctx.yaml.at(entry), "a role entry must be a name or a mapping");
            return List.of();
        }
        Map<String, Object> m = stringKeys(raw);
        Object name = m.containsKey("role") ? m.get("role") : m.get("name");
        if (name == null) {
            ctx.problems.error(ctx.yaml.at(raw), "role entry has no 'role'");
            return List.of();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            if (k.equals("role") || k.equals("name") || k.equals("vars")) continue;
            if (TaskListReader.INHERITED_KEYWORDS.contains(k)) keywords.put(k, e.getValue());
            else params.put(k, e.getValue());
        }
        return role(new RoleUse(String.valueOf(name), params, kv.mapping(raw, m, "vars"), null, true), ctx.yaml.at(raw),
                lists.inheritedFrom(raw, keywords, outer));
    }

    List<TaskNode> importRole(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        kv.checkKeywords(raw, m, "import_role", TaskListReader.INHERITED_KEYWORDS);
        Map<String, Object> args = roleArgs(raw, m, "import_role");
        if (args == null) return List.of();
        Inherited inherited = lists.inheritedFrom(raw, m, outer);
        // import_role's vars join the role's vars (seen play-wide), not its tasks' vars.
        inherited = inherited.withVars(outer.vars());
        return role(new RoleUse(String.valueOf(args.get("name")), Map.of(), kv.mapping(raw, m, "vars"), args, false),
                ctx.yaml.keyAt(raw, "import_role"), inherited);
    }

    List<TaskNode> includeRole(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        kv.checkKeywords(raw, m, "include_role", TaskListReader.INCLUDE_KEYWORDS);
        Map<String, Object> args = roleArgs(raw, m, "include_role");
        if (args == null) return List.of();
        Source at = ctx.yaml.keyAt(raw, "include_role");
        String name = String.valueOf(args.get("name"));
        // include_role's vars are role parameters: above task vars, and not seen after the role.
        // A role that is not there fails the include where it runs, as Ansible's dynamic include does (a role for
        // another platform behind when: is common), not the load.
        List<TaskNode> tasks = ctx.rolePath.find(name, ctx.playbookDir) != null
                ? role(new RoleUse(name, kv.mapping(raw, m, "vars"), Map.of(), args, false), at, outer)
                : List.of(missingRole(name, at, outer));
        TaskReader.LoopSpec loop = taskReader.loop(raw, m);
        return List.of(new Include(str(m.get("name")), name, at, m.get("when"), loop.items(), loop.var(), Map.of(),
                kv.stringList(raw, m, "tags"), tasks, null, outer.role(), lists.includeKeywords(raw, m, true)));
    }

    /** A task that fails, where it runs, with why the included role cannot be loaded; validate lists it as a warning. */
    private Task missingRole(String name, Source at, Inherited outer) {
        String why = "role '" + name + "' not found (searched " + ctx.rolePath.describe(ctx.playbookDir, name) + ")";
        return new Task("include_role : " + name, "include_role", Map.of("name", name), at, null, null, "item", null, null,
                List.of(), List.of(), null, null, false, false, Map.of(), null, null, List.of(), null, outer.role(), null, null,
                null, false, Map.of(), why);
    }

    private Map<String, Object> roleArgs(Map<?, ?> raw, Map<String, Object> m, String kind) {
        Map<String, Object> args = kv.keyValueArgs(raw, m, kind, "name");
        if (args == null) return null;
        for (String k : args.keySet()) {
            if (!ROLE_ARGS.contains(k)) ctx.problems.error(ctx.yaml.keyAt(raw, kind), "unsupported argument '" + k + "' for " + kind + Suggest.didYouMean(k, ROLE_ARGS));
        }
        Object name = args.get("name");
        if (name == null || String.valueOf(name).contains("{{")) {
            ctx.problems.error(ctx.yaml.keyAt(raw, kind), kind + " needs a role name, not a template");
            return null;
        }
        return args;
    }

    /**
     * One use of a role, as written.
     *
     * @param params role parameters (other keys of a {@code roles:} entry, {@code vars} of {@code include_role})
     * @param vars   {@code vars} of a {@code roles:} entry or an {@code import_role}: added to the role's vars/
     * @param from   {@code tasks_from}/{@code vars_from}/{@code defaults_from}/{@code handlers_from}, or null for main
     * @param once   skip it when this play already applied it with these parameters ({@code roles:} and dependencies)
     */
    private record RoleUse(String name, Map<String, Object> params, Map<String, Object> vars, Map<String, Object> from,
                           boolean once) {}

    /** The tasks of a role, its meta dependencies' first; its handlers join the play's. */
    private List<TaskNode> role(RoleUse use, Source at, Inherited outer) {
        String name = use.name();
        Map<String, Object> params = use.params();
        Map<String, Object> from = use.from();
        Path dir = ctx.rolePath.find(name, ctx.playbookDir);
        if (dir == null) {
            ctx.problems.error(at, "role '" + name + "' not found (searched " + ctx.rolePath.describe(ctx.playbookDir, name) + ")");
            return List.of();
        }
        String roleName = dir.getFileName().toString();
        if (use.once() && !ctx.rolesApplied.add(dir.toAbsolutePath().normalize() + " " + params + " " + use.vars())) return List.of();
        Map<String, Object> defaults = roleVars(dir.resolve("defaults"), fromArg(from, "defaults_from"), at);
        Map<String, Object> vars = new LinkedHashMap<>(roleVars(dir.resolve("vars"), fromArg(from, "vars_from"), at));
        vars.putAll(use.vars());
        Role role = new Role(roleName, dir, defaults, vars, params);
        Inherited inherited = outer.withRole(role);
        List<TaskNode> out = new ArrayList<>();
        Dependencies deps = dependencies(dir);
        for (Object dep : deps.entries()) {
            YamlFile outerYaml = ctx.yaml;
            try {
                ctx.yaml = deps.file();
                out.addAll(roleEntry(dep, ctx.yaml.at(deps.entries()), outer.withRole(null)));
            } finally {
                ctx.yaml = outerYaml;
            }
        }
        Path tasksFile = mainFile(dir.resolve("tasks"), fromArg(from, "tasks_from"));
        if (tasksFile != null) out.addAll(lists.taskFile(tasksFile, at, inherited, false));
        else if (from != null && from.containsKey("tasks_from")) ctx.problems.error(at, "role '" + roleName + "' has no tasks file '" + from.get("tasks_from") + "'");
        Path handlersFile = mainFile(dir.resolve("handlers"), fromArg(from, "handlers_from"));
        if (handlersFile != null && ctx.roleHandlers.stream().noneMatch(h -> h.role() != null && h.role().dir().equals(dir) && h.role().params().equals(params))) {
            Inherited handlerLevel = Inherited.NONE.withRole(role);
            ctx.roleHandlers.addAll(lists.flattenHandlers(lists.taskFile(handlersFile, at, handlerLevel, true)));
        }
        return out;
    }

    /** A role's {@code dependencies:} and the meta file they are in, for the positions of their errors. */
    private record Dependencies(YamlFile file, List<?> entries) {}

    private Dependencies dependencies(Path roleDir) {
        Path meta = mainFile(roleDir.resolve("meta"), null);
        if (meta == null) return new Dependencies(ctx.yaml, List.of());
        ctx.filesRead.add(meta.toAbsolutePath().normalize());
        YamlFile file;
        try {
            file = YamlFile.read(meta, meta.toString());
        } catch (InputException e) {
            ctx.problems.addAll(e);
            return new Dependencies(ctx.yaml, List.of());
        }
        if (!(file.root() instanceof Map<?, ?> m) || m.get("dependencies") == null) return new Dependencies(file, List.of());
        if (!(m.get("dependencies") instanceof List<?> deps)) {
            ctx.problems.error(file.keyAt(m, "dependencies"), "'dependencies' must be a list");
            return new Dependencies(file, List.of());
        }
        return new Dependencies(file, deps);
    }

    private static String fromArg(Map<String, Object> from, String key) {
        return from == null || from.get(key) == null ? null : String.valueOf(from.get(key));
    }

    private Map<String, Object> roleVars(Path dir, String name, Source at) {
        Path f = mainFile(dir, name);
        if (f == null) {
            if (name != null) ctx.problems.error(at, "no vars file '" + name + "' in " + dir);
            return Map.of();
        }
        return ctx.varsFileAt(f);
    }

    /** A role's {@code main} (or named) file in {@code dir}: as named, or with .yml or .yaml added. */
    private static Path mainFile(Path dir, String name) {
        String base = name == null ? "main" : name;
        for (String candidate : List.of(base, base + ".yml", base + ".yaml")) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
