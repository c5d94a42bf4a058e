package dev.opsctl.playbook;

import static dev.opsctl.playbook.KeywordValues.str;
import static dev.opsctl.playbook.KeywordValues.stringKeys;
import static dev.opsctl.playbook.KeywordValues.whenList;

import dev.opsctl.diag.Source;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads task lists: each entry a task (handed to {@link TaskReader}), a block, an import or include of tasks, a
 * role (handed to {@link RoleReader}) or a meta action; and task files, under the keywords they inherit.
 */
final class TaskListReader {
    /** Keywords a block, an import or a role entry passes down to its tasks. */
    static final Set<String> INHERITED_KEYWORDS = Set.of("name", "when", "tags", "vars", "become", "become_user",
            "ignore_errors", "no_log", "environment", "check_mode", "delegate_to", "run_once");
    static final Set<String> INCLUDE_KEYWORDS = Set.of("name", "when", "tags", "vars", "loop_control", "loop", "args",
            "run_once", "ignore_errors", "no_log", "register",
            "with_items", "with_list", "with_dict", "with_fileglob", "with_together", "with_first_found", "with_nested",
            "with_subelements", "with_file", "with_template", "with_env");
    private static final List<String> STRUCTURE = List.of("block", "include_tasks", "import_tasks", "include_role",
            "import_role", "meta", "include");

    private final LoadContext ctx;
    private final KeywordValues kv;
    private final TaskReader taskReader;
    final RoleReader roles;

    TaskListReader(LoadContext ctx) {
        this.ctx = ctx;
        this.kv = new KeywordValues(ctx);
        this.taskReader = new TaskReader(ctx, kv);
        this.roles = new RoleReader(ctx, kv, this, taskReader);
    }

    List<TaskNode> nodes(Map<?, ?> raw, Map<String, Object> parent, String key, Inherited inherited, boolean handlers) {
        Object v = parent.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            ctx.problems.error(ctx.yaml.keyAt(raw, key), "'" + key + "' must be a list of tasks");
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        for (Object t : list) out.addAll(node(t, inherited, handlers));
        return out;
    }

    /**
     * Handlers run as plain tasks: blocks and imports flatten; anything dynamic is refused. A block's rescue and always
     * are left out, as ansible-core 2.14 does: its play iterator takes only each handler block's {@code block:} tasks
     * (a role's "restart, and on failure show the journal" rescue never runs there either).
     */
    List<Task> handlers(Map<?, ?> raw, Map<String, Object> m, Inherited inherited) {
        return flattenHandlers(nodes(raw, m, "handlers", inherited, true));
    }

    List<Task> flattenHandlers(List<TaskNode> nodes) {
        List<Task> out = new ArrayList<>();
        for (TaskNode n : nodes) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block b) {
                out.addAll(flattenHandlers(b.block()));
            } else {
                Source at = n instanceof Include i ? i.at() : ((Meta) n).at();
                ctx.problems.error(at, "include_* and meta are not supported in handlers");
            }
        }
        return out;
    }

    /** The task file at {@code file} (imported, included or a role's), under {@code inherited}. */
    List<TaskNode> taskFile(Path file, Source from, Inherited inherited, boolean handlers) {
        return ctx.readList(file, from, "task file", "tasks", true, entries -> {
            List<TaskNode> out = new ArrayList<>();
            for (Object t : entries) out.addAll(node(t, inherited, handlers));
            return out;
        });
    }

    /** One entry of a task list: a task, or what a block, import or include stands for. */
    private List<TaskNode> node(Object node, Inherited inherited, boolean handler) {
        if (!(node instanceof Map<?, ?> raw)) {
            ctx.problems.error(ctx.yaml.at(node), "a task must be a mapping");
            return List.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        stringKeys(raw).forEach((k, v) -> m.put(builtinName(k), v));
        String kind = null;
        for (String k : STRUCTURE) {
            if (m.containsKey(k)) {
                kind = k;
                break;
            }
        }
        if (kind == null) {
            Task t = taskReader.task(raw, m, inherited, handler);
            return t == null ? List.of() : List.of(t);
        }
        return switch (kind) {
            case "block" -> List.of(block(raw, m, inherited, handler));
            case "import_tasks" -> importTasks(raw, m, inherited, handler);
            case "include_tasks" -> includeTasks(raw, m, inherited);
            case "import_role" -> roles.importRole(raw, m, inherited);
            case "include_role" -> roles.includeRole(raw, m, inherited);
            case "meta" -> meta(raw, m, inherited);
            default -> oldInclude(raw, m, inherited, handler);
        };
    }

    /**
     * {@code include:} as ansible-core 2.14 still runs it (deprecated, removed in 2.16): static, as import_tasks, when
     * its file name is not a template and it has no loop; else dynamic, as include_tasks. (Ansible also makes it
     * dynamic inside a dynamic include; here that changes only which keywords its tasks inherit.)
     */
    private List<TaskNode> oldInclude(Map<?, ?> raw, Map<String, Object> m, Inherited inherited, boolean handler) {
        Object written = m.get("include");
        Object file = written instanceof Map<?, ?> args ? args.get("file") : written;
        boolean loops = m.keySet().stream().anyMatch(k -> k.equals("loop") || k.startsWith("with_"));
        boolean dynamic = loops || String.valueOf(file).contains("{{");
        String as = dynamic ? "include_tasks" : "import_tasks";
        Map<String, Object> renamed = new LinkedHashMap<>();
        m.forEach((k, v) -> renamed.put(k.equals("include") ? as : k, v));
        return dynamic ? includeTasks(raw, renamed, inherited) : importTasks(raw, renamed, inherited, handler);
    }

    /** {@code ansible.builtin.block} and friends name the same keyword; module names keep their prefix. */
    private static String builtinName(String key) {
        for (String prefix : List.of("ansible.builtin.", "ansible.legacy.")) {
            if (key.startsWith(prefix) && STRUCTURE.contains(key.substring(prefix.length()))) return key.substring(prefix.length());
        }
        return key;
    }

    /** The keywords of a block, import or role entry under what it inherits. */
    Inherited inheritedFrom(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        Object delegateTo = m.get("delegate_to");
        Map<String, Object> templated = new LinkedHashMap<>();
        return outer.under(new Inherited(whenList(m.get("when")),
                kv.stringList(raw, m, "tags"), kv.mapping(raw, m, "vars"), kv.flag(raw, m, "become", templated), str(m.get("become_user")),
                kv.flag(raw, m, "ignore_errors", templated), kv.flag(raw, m, "no_log", templated), m.get("environment"),
                kv.flag(raw, m, "check_mode", templated), delegateTo == null ? null : String.valueOf(delegateTo),
                kv.flag(raw, m, "run_once", templated), null, Map.copyOf(templated)));
    }

    private Block block(Map<?, ?> raw, Map<String, Object> m, Inherited outer, boolean handler) {
        Set<String> allowed = new LinkedHashSet<>(INHERITED_KEYWORDS);
        allowed.addAll(List.of("rescue", "always"));
        kv.checkKeywords(raw, m, "block", allowed);
        Inherited inherited = inheritedFrom(raw, m, outer);
        return new Block(str(m.get("name")), ctx.yaml.at(raw), nodes(raw, m, "block", inherited, handler),
                nodes(raw, m, "rescue", inherited, handler), nodes(raw, m, "always", inherited, handler));
    }

    /**
     * The arguments of an import or include: {@code import_tasks: f.yml}, {@code import_tasks: {file: f.yml}}, or under
     * {@code args:} as Ansible also allows; only {@code allowed} ones (file, and apply for include_tasks).
     */
    private Map<String, Object> includeArgs(Map<?, ?> raw, Map<String, Object> m, String kind, Set<String> allowed) {
        Map<String, Object> written = kv.keyValueArgs(raw, m, kind, "file");
        if (written == null) return null;
        Map<String, Object> args = new LinkedHashMap<>();
        if (m.get("args") instanceof Map<?, ?> under) under.forEach((k, v) -> args.put(String.valueOf(k), v));
        else if (m.containsKey("args")) ctx.problems.error(ctx.yaml.keyAt(raw, "args"), "'args' must be a mapping");
        args.putAll(written);
        for (String k : args.keySet()) {
            if (!allowed.contains(k)) ctx.problems.error(ctx.yaml.keyAt(raw, kind), "unsupported argument '" + k + "' for " + kind);
        }
        return args;
    }

    /** The file an import or include names, from its arguments. */
    private String fileArg(Map<?, ?> raw, Map<String, Object> args, String kind) {
        if (args == null) return null;
        Object v = args.get("file");
        if (v == null || String.valueOf(v).isBlank()) {
            ctx.problems.error(ctx.yaml.keyAt(raw, kind), kind + " needs a file name");
            return null;
        }
        return String.valueOf(v);
    }

    private List<TaskNode> importTasks(Map<?, ?> raw, Map<String, Object> m, Inherited outer, boolean handler) {
        Set<String> allowed = new LinkedHashSet<>(INHERITED_KEYWORDS);
        allowed.add("args");
        kv.checkKeywords(raw, m, "import_tasks", allowed);
        String file = fileArg(raw, includeArgs(raw, m, "import_tasks", Set.of("file")), "import_tasks");
        if (file == null) return List.of();
        if (file.contains("{{")) {
            ctx.problems.error(ctx.yaml.keyAt(raw, "import_tasks"), "import_tasks is static: its file name cannot be a template (use include_tasks)");
            return List.of();
        }
        return taskFile(ctx.fileDir.resolve(file), ctx.yaml.keyAt(raw, "import_tasks"), inheritedFrom(raw, m, outer), handler);
    }

    private List<TaskNode> includeTasks(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        kv.checkKeywords(raw, m, "include_tasks", INCLUDE_KEYWORDS);
        Map<String, Object> args = includeArgs(raw, m, "include_tasks", Set.of("file", "apply"));
        String file = fileArg(raw, args, "include_tasks");
        if (file == null) return List.of();
        Source at = ctx.yaml.keyAt(raw, "include_tasks");
        // apply: keywords the included tasks take, as a block around them would give (the include's own do not pass down).
        Inherited inner = outer;
        if (args.get("apply") instanceof Map<?, ?> apply) {
            Map<String, Object> keywords = new LinkedHashMap<>();
            apply.forEach((k, v) -> keywords.put(String.valueOf(k), v));
            kv.checkKeywords(apply, keywords, "apply", INHERITED_KEYWORDS);
            inner = inheritedFrom(apply, keywords, outer);
        } else if (args.containsKey("apply")) {
            ctx.problems.error(at, "'apply' must be a mapping of task keywords");
        }
        Path dir = ctx.fileDir;
        List<TaskNode> tasks = null;
        Include.TaskFile late = null;
        // A file that is not there fails the include where it runs, as Ansible's dynamic include does, not the load.
        if (file.contains("{{") || !java.nio.file.Files.isRegularFile(dir.resolve(file))) {
            late = lateLoader(dir, inner);
        } else {
            tasks = taskFile(dir.resolve(file), at, inner, false);
        }
        TaskReader.LoopSpec loop = taskReader.loop(raw, m);
        Include.Keywords own = includeKeywords(raw, m, false);
        return List.of(new Include(str(m.get("name")), file, at, m.get("when"), loop.items(), loop.var(), kv.mapping(raw, m, "vars"),
                kv.stringList(raw, m, "tags"), tasks, late, outer.role(), own));
    }

    /** An include's own keywords (include_tasks and include_role alike). */
    Include.Keywords includeKeywords(Map<?, ?> raw, Map<String, Object> m, boolean ofRole) {
        return new Include.Keywords(kv.bool(raw, m, "run_once", false), kv.bool(raw, m, "ignore_errors", false),
                kv.bool(raw, m, "no_log", false), str(m.get("register")), ofRole);
    }

    /** Reads an include whose name is known only on the host, with the same modules, roles and inherited keywords. */
    private Include.TaskFile lateLoader(Path dir, Inherited inherited) {
        Path playDir = ctx.playbookDir;
        return name -> {
            LoadContext late = new LoadContext(ctx.modules, ctx.rolePath);
            late.playbookDir = playDir;
            late.fileDir = dir;
            List<TaskNode> nodes = new TaskListReader(late).taskFile(dir.resolve(name), Source.of(dir.resolve(name).toString()), inherited, false);
            if (!late.roleHandlers.isEmpty()) {
                late.problems.error(Source.of(name), "a role with handlers cannot be loaded by a templated include");
            }
            late.problems.throwIfAny();
            return nodes;
        };
    }

    private List<TaskNode> meta(Map<?, ?> raw, Map<String, Object> m, Inherited inherited) {
        String action = str(m.get("meta"));
        Meta.Action a = action == null ? null : Meta.Action.of(action);
        // Like Ansible, only end_host takes a condition; flush_handlers runs wherever it stands.
        kv.checkKeywords(raw, m, "meta", a == Meta.Action.END_HOST ? Set.of("name", "tags", "when") : Set.of("name", "tags"));
        if (a == null) {
            ctx.problems.error(ctx.yaml.keyAt(raw, "meta"), "unsupported meta action '" + action + "' (supported: flush_handlers, noop, end_host)");
            return List.of();
        }
        Object when = a == Meta.Action.END_HOST ? inherited.conditionsWith(m.get("when")) : null;
        return List.of(new Meta(a, ctx.yaml.at(raw), inherited.tags(kv.stringList(raw, m, "tags")), when));
    }
}
