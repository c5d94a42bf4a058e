package dev.opsctl.playbook;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Suggest;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a playbook file, and every file it imports (plays, task files, roles), into {@link Play}s and
 * {@link TaskNode}s, checking every keyword, module and argument name; all problems are collected and thrown
 * together with file:line:column of the file they are in.
 */
public final class PlaybookLoader {
    static final Set<String> PLAY_KEYWORDS = Set.of("name", "hosts", "vars", "vars_files", "gather_facts", "gather_subset",
            "pre_tasks", "roles", "tasks", "post_tasks", "handlers", "become", "become_user", "tags", "environment", "check_mode",
            "serial", "max_fail_percentage", "any_errors_fatal", "order", "connection");
    static final Set<String> TASK_KEYWORDS = Set.of("name", "when", "loop", "with_items", "with_list", "loop_control",
            "register", "notify", "tags", "changed_when", "failed_when", "ignore_errors", "no_log", "vars",
            "become", "become_user", "args", "listen", "environment", "check_mode", "with_dict", "with_fileglob",
            "with_together", "with_first_found", "with_nested", "with_subelements", "with_file", "with_template", "with_env",
            "delegate_to", "run_once", RolloutKeywords.THROTTLE);
    /** Keywords a block, an import or a role entry passes down to its tasks. */
    private static final Set<String> INHERITED_KEYWORDS = Set.of("name", "when", "tags", "vars", "become", "become_user",
            "ignore_errors", "no_log", "environment", "check_mode", "delegate_to", "run_once");
    private static final Set<String> INCLUDE_KEYWORDS = Set.of("name", "when", "tags", "vars", "loop_control", "loop",
            "with_items", "with_list", "with_dict", "with_fileglob", "with_together", "with_first_found", "with_nested",
            "with_subelements", "with_file", "with_template", "with_env");
    private static final Set<String> ROLE_ARGS = Set.of("name", "tasks_from", "vars_from", "defaults_from", "handlers_from");
    private static final Set<String> LOOP_CONTROL_KEYS = Set.of("loop_var", "label");
    private static final List<String> STRUCTURE = List.of("block", "include_tasks", "import_tasks", "include_role",
            "import_role", "meta", "include");

    private final ModuleRegistry modules;
    private final RolePath rolePath;
    private final Diagnostics problems = new Diagnostics();
    /** Every file read besides the playbook, for a saved plan's inputs. */
    private final Set<Path> filesRead = new LinkedHashSet<>();
    /** Files being read, outermost first: an import of one of them is a cycle. */
    private final Deque<Path> reading = new ArrayDeque<>();
    /** The file being read, and its directory (relative task files and roles are resolved from there). */
    private YamlFile yaml;
    private Path fileDir;
    /** The play being read: the directory of its playbook, its roles' handlers, the roles it has applied. */
    private Path playbookDir;
    private List<Task> roleHandlers = new ArrayList<>();
    private Set<String> rolesApplied = new LinkedHashSet<>();

    private PlaybookLoader(ModuleRegistry modules, RolePath rolePath) {
        this.modules = modules;
        this.rolePath = rolePath;
    }

    /** Loads and checks {@code file}; throws {@link InputException} listing every problem found. */
    public static Playbook load(Path file, ModuleRegistry modules) {
        Diagnostics problems = new Diagnostics();
        Playbook playbook = load(file, modules, problems);
        problems.throwIfAny();
        return playbook;
    }

    /**
     * Loads what can be loaded of {@code file}: every problem goes to {@code problems}, and the plays and tasks that
     * had none are returned, so that later checks (undefined variables) can still report theirs.
     */
    public static Playbook load(Path file, ModuleRegistry modules, Diagnostics problems) {
        Path dir = dirOf(file);
        PlaybookLoader loader = new PlaybookLoader(modules, RolePath.forPlaybook(dir, System.getenv("ANSIBLE_ROLES_PATH")));
        Playbook playbook = loader.read(file);
        loader.problems.items().forEach(d -> problems.error(d.at(), d.message()));
        return playbook;
    }

    private static Path dirOf(Path file) {
        return file.getParent() == null ? Path.of("") : file.getParent();
    }

    private Playbook read(Path file) {
        List<Play> plays = playbook(file, Source.of(file.toString()));
        filesRead.remove(file.toAbsolutePath().normalize());
        return new Playbook(file, plays, List.copyOf(filesRead));
    }

    private List<Play> playbook(Path file, Source from) {
        return readList(file, from, "playbook", "plays", false, entries -> {
            List<Play> plays = new ArrayList<>();
            for (Object p : entries) {
                if (p instanceof Map<?, ?> raw && raw.containsKey("import_playbook")) {
                    plays.addAll(importPlaybook(raw));
                } else {
                    Play play = play(p, fileDir);
                    if (play != null) plays.add(play);
                }
            }
            return plays;
        });
    }

    /**
     * Reads {@code file}, a YAML list of {@code items}, and hands the list to {@code body} with the file as the
     * current one (positions in errors, relative names resolved from its directory). Problems are collected.
     */
    private <T> List<T> readList(Path file, Source from, String what, String items, boolean emptyAllowed,
                                 Function<List<?>, List<T>> body) {
        if (!Files.isRegularFile(file)) {
            problems.error(from, what + " not found: " + file);
            return List.of();
        }
        if (!enter(file, from)) return List.of();
        YamlFile outer = yaml;
        Path outerDir = fileDir;
        filesRead.add(file.toAbsolutePath().normalize());
        try {
            yaml = YamlFile.read(file, file.toString());
            fileDir = dirOf(file);
            Object root = yaml.root();
            if (root == null && emptyAllowed) return List.of();
            if (!(root instanceof List<?> list)) {
                problems.error(root == null ? new Source(file.toString(), 1, 1) : yaml.at(root), "a " + what + " must be a list of " + items);
                return List.of();
            }
            return body.apply(list);
        } catch (InputException e) {
            problems.addAll(e);
            return List.of();
        } finally {
            reading.remove(file.toAbsolutePath().normalize());
            yaml = outer;
            fileDir = outerDir;
        }
    }

    /** Starts reading {@code file}, unless that would be a cycle. */
    private boolean enter(Path file, Source from) {
        Path key = file.toAbsolutePath().normalize();
        if (reading.contains(key)) {
            problems.error(from, "import cycle: " + file + " is already being imported");
            return false;
        }
        reading.push(key);
        return true;
    }

    private List<Play> importPlaybook(Map<?, ?> raw) {
        Map<String, Object> m = stringKeys(raw);
        for (String k : m.keySet()) {
            if (!k.equals("import_playbook") && !k.equals("name")) {
                problems.error(yaml.keyAt(raw, k), "unsupported keyword '" + k + "' on import_playbook");
            }
        }
        Source at = yaml.keyAt(raw, "import_playbook");
        String name = str(m.get("import_playbook"));
        if (name == null || name.contains("{{")) {
            problems.error(at, "import_playbook needs a file name, not a template");
            return List.of();
        }
        return playbook(fileDir.resolve(name), at);
    }

    private Play play(Object node, Path dir) {
        if (!(node instanceof Map<?, ?> raw)) {
            problems.error(yaml.at(node), "a play must be a mapping");
            return null;
        }
        Map<String, Object> m = stringKeys(raw);
        Source at = yaml.at(raw);
        for (String k : m.keySet()) {
            if (!PLAY_KEYWORDS.contains(k)) {
                problems.error(yaml.keyAt(raw, k), "unsupported play keyword '" + k + "'" + Suggest.didYouMean(k, PLAY_KEYWORDS));
            }
        }
        String hosts = m.get("hosts") instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : m.get("hosts") == null ? null : String.valueOf(m.get("hosts"));
        if (hosts == null || hosts.isBlank()) problems.error(at, "play has no 'hosts'");
        Map<String, Object> vars = new LinkedHashMap<>(mapping(raw, m, "vars"));
        for (String vf : stringList(raw, m, "vars_files")) {
            vars.putAll(varsFile(dir, vf, yaml.keyAt(raw, "vars_files")));
        }
        playbookDir = dir;
        roleHandlers = new ArrayList<>();
        rolesApplied = new LinkedHashSet<>();
        // Play keywords reach every task the way a block's do; play vars stay a layer of their own.
        Map<String, Object> playTemplated = new LinkedHashMap<>();
        Inherited playLevel = new Inherited(List.of(), stringList(raw, m, "tags"), Map.of(), null, null, null, null,
                m.get("environment"), flag(raw, m, "check_mode", playTemplated), null, null, null, Map.copyOf(playTemplated));
        List<TaskNode> preTasks = nodes(raw, m, "pre_tasks", playLevel, false);
        List<TaskNode> tasks = new ArrayList<>(roles(raw, m, playLevel));
        tasks.addAll(nodes(raw, m, "tasks", playLevel, false));
        List<TaskNode> postTasks = nodes(raw, m, "post_tasks", playLevel, false);
        List<Task> handlers = new ArrayList<>(roleHandlers);
        handlers.addAll(handlers(raw, m, playLevel));
        Play play = new Play(
                str(m.get("name")),
                hosts,
                at,
                vars,
                bool(raw, m, "gather_facts", true),
                m.containsKey("gather_subset") ? stringList(raw, m, "gather_subset") : List.of("all"),
                preTasks,
                tasks,
                postTasks,
                handlers,
                m.containsKey("become") ? bool(raw, m, "become", false) : null,
                str(m.get("become_user")),
                new RolloutKeywords(yaml, problems).play(raw, m),
                connectionKeyword(raw, m));
        checkNotify(play);
        return play;
    }

    /** The play's {@code connection:}: a transport opsctl has (ssh, local), or a template rendered per host. */
    private String connectionKeyword(Map<?, ?> raw, Map<String, Object> m) {
        String c = str(m.get("connection"));
        if (c != null && !c.contains("{{") && !Set.of("ssh", "smart", "paramiko", "local").contains(c)) {
            problems.error(yaml.keyAt(raw, "connection"), "connection: '" + c + "' is not supported (use ssh or local)");
        }
        return c;
    }

    /** Every notify must name a handler (by name, {@code "role : name"} or listen), as Ansible requires. */
    private void checkNotify(Play play) {
        Set<String> names = new LinkedHashSet<>();
        for (Task h : play.handlers()) names.addAll(h.handlerNames());
        for (Task t : play.allTasks()) {
            for (String n : t.notifies()) {
                if (!names.contains(n)) problems.error(t.at(), "notify: no handler named '" + n + "'" + Suggest.didYouMean(n, names));
            }
        }
    }

    private Map<String, Object> varsFile(Path dir, String name, Source at) {
        if (name.contains("{{")) {
            problems.error(at, "templated vars_files are not supported: '" + name + "'");
            return Map.of();
        }
        return varsFileAt(dir.resolve(name));
    }

    private Map<String, Object> varsFileAt(Path p) {
        filesRead.add(p.toAbsolutePath().normalize());
        try {
            YamlFile vf = YamlFile.read(p, p.toString());
            if (vf.root() == null) return Map.of();
            if (!(vf.root() instanceof Map<?, ?> map)) {
                problems.error(Source.of(p.toString()), "a vars file must be a mapping");
                return Map.of();
            }
            return stringKeys(map);
        } catch (InputException e) {
            problems.addAll(e);
            return Map.of();
        }
    }

    // ---- task lists

    private List<TaskNode> nodes(Map<?, ?> raw, Map<String, Object> parent, String key, Inherited inherited, boolean handlers) {
        Object v = parent.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            problems.error(yaml.keyAt(raw, key), "'" + key + "' must be a list of tasks");
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        for (Object t : list) out.addAll(node(t, inherited, handlers));
        return out;
    }

    /** Handlers run as plain tasks: blocks without rescue/always and imports flatten; anything dynamic is refused. */
    private List<Task> handlers(Map<?, ?> raw, Map<String, Object> m, Inherited inherited) {
        return flattenHandlers(nodes(raw, m, "handlers", inherited, true));
    }

    private List<Task> flattenHandlers(List<TaskNode> nodes) {
        List<Task> out = new ArrayList<>();
        for (TaskNode n : nodes) {
            if (n instanceof Task t) {
                out.add(t);
            } else if (n instanceof Block b && b.rescue().isEmpty() && b.always().isEmpty()) {
                out.addAll(flattenHandlers(b.block()));
            } else {
                Source at = n instanceof Block b ? b.at() : n instanceof Include i ? i.at() : ((Meta) n).at();
                problems.error(at, "rescue/always, include_* and meta are not supported in handlers");
            }
        }
        return out;
    }

    /** The task file at {@code file} (imported, included or a role's), under {@code inherited}. */
    private List<TaskNode> taskFile(Path file, Source from, Inherited inherited, boolean handlers) {
        return readList(file, from, "task file", "tasks", true, entries -> {
            List<TaskNode> out = new ArrayList<>();
            for (Object t : entries) out.addAll(node(t, inherited, handlers));
            return out;
        });
    }

    /** One entry of a task list: a task, or what a block, import or include stands for. */
    private List<TaskNode> node(Object node, Inherited inherited, boolean handler) {
        if (!(node instanceof Map<?, ?> raw)) {
            problems.error(yaml.at(node), "a task must be a mapping");
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
            Task t = task(raw, m, inherited, handler);
            return t == null ? List.of() : List.of(t);
        }
        return switch (kind) {
            case "block" -> List.of(block(raw, m, inherited, handler));
            case "import_tasks" -> importTasks(raw, m, inherited, handler);
            case "include_tasks" -> includeTasks(raw, m, inherited);
            case "import_role" -> importRole(raw, m, inherited);
            case "include_role" -> includeRole(raw, m, inherited);
            case "meta" -> meta(raw, m, inherited);
            default -> {
                problems.error(yaml.keyAt(raw, kind), "'include' was removed from Ansible: use include_tasks or import_tasks");
                yield List.of();
            }
        };
    }

    /** {@code ansible.builtin.block} and friends name the same keyword; module names keep their prefix. */
    private static String builtinName(String key) {
        for (String prefix : List.of("ansible.builtin.", "ansible.legacy.")) {
            if (key.startsWith(prefix) && STRUCTURE.contains(key.substring(prefix.length()))) return key.substring(prefix.length());
        }
        return key;
    }

    /**
     * The arguments of an import, include or role action: a mapping, {@code k=v} words, or a plain value that
     * stands for {@code plainKey} ({@code import_tasks: setup.yml}, {@code import_role: name=web}).
     */
    private Map<String, Object> keyValueArgs(Map<?, ?> raw, Map<String, Object> m, String kind, String plainKey) {
        Object v = m.get(kind);
        if (v instanceof Map<?, ?> map) return stringKeys(map);
        if (v == null) return Map.of();
        String text = String.valueOf(v);
        if (!text.contains("=") || text.contains("{{")) return Map.of(plainKey, text);
        try {
            return KeyValues.parse(text, false, Set.of());
        } catch (IllegalArgumentException e) {
            problems.error(yaml.keyAt(raw, kind), kind + ": " + e.getMessage());
            return null;
        }
    }

    private void checkKeywords(Map<?, ?> raw, Map<String, Object> m, String kind, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (k.equals(kind) || allowed.contains(k) || (allowed.contains("loop") && k.startsWith("with_"))) continue;
            problems.error(yaml.keyAt(raw, k), "unsupported keyword '" + k + "' on " + kind + Suggest.didYouMean(k, allowed));
        }
    }

    /** The keywords of a block, import or role entry under what it inherits. */
    private Inherited inheritedFrom(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        Object delegateTo = m.get("delegate_to");
        checkDelegate(raw, delegateTo);
        Map<String, Object> templated = new LinkedHashMap<>();
        return outer.under(new Inherited(whenList(m.get("when")),
                stringList(raw, m, "tags"), mapping(raw, m, "vars"), flag(raw, m, "become", templated), str(m.get("become_user")),
                flag(raw, m, "ignore_errors", templated), flag(raw, m, "no_log", templated), m.get("environment"),
                flag(raw, m, "check_mode", templated), delegateTo == null ? null : String.valueOf(delegateTo),
                flag(raw, m, "run_once", templated), null, Map.copyOf(templated)));
    }

    private static List<Object> whenList(Object when) {
        if (when == null) return List.of();
        return when instanceof List<?> l ? new ArrayList<>(l) : List.of(when);
    }

    /**
     * A boolean keyword, or null when the mapping does not set it or sets it to a template: a template
     * ({@code "{{ ansible_check_mode }}"}) goes to {@code templated}, rendered on each host as Ansible does.
     */
    private Boolean flag(Map<?, ?> raw, Map<String, Object> m, String key, Map<String, Object> templated) {
        if (!m.containsKey(key)) return null;
        if (m.get(key) instanceof String s && (s.contains("{{") || s.contains("{%"))) {
            templated.put(key, s);
            return null;
        }
        templated.remove(key);
        return bool(raw, m, key, false);
    }

    /** Only the controller can be delegated to; a template is checked again once rendered. */
    private void checkDelegate(Map<?, ?> raw, Object delegateTo) {
        if (delegateTo != null && !String.valueOf(delegateTo).contains("{{") && !Task.CONTROLLER_NAMES.contains(String.valueOf(delegateTo))) {
            problems.error(yaml.keyAt(raw, "delegate_to"), "delegate_to: only localhost is supported, not '" + delegateTo + "'");
        }
    }

    private Block block(Map<?, ?> raw, Map<String, Object> m, Inherited outer, boolean handler) {
        Set<String> allowed = new LinkedHashSet<>(INHERITED_KEYWORDS);
        allowed.addAll(List.of("rescue", "always"));
        checkKeywords(raw, m, "block", allowed);
        Inherited inherited = inheritedFrom(raw, m, outer);
        return new Block(str(m.get("name")), yaml.at(raw), nodes(raw, m, "block", inherited, handler),
                nodes(raw, m, "rescue", inherited, handler), nodes(raw, m, "always", inherited, handler));
    }

    /** The file an import or include names: {@code import_tasks: f.yml} or {@code import_tasks: {file: f.yml}}. */
    private String fileArg(Map<?, ?> raw, Map<String, Object> m, String kind) {
        Map<String, Object> args = keyValueArgs(raw, m, kind, "file");
        if (args == null) return null;
        for (String k : args.keySet()) {
            if (!"file".equals(k)) problems.error(yaml.keyAt(raw, kind), "unsupported argument '" + k + "' for " + kind);
        }
        Object v = args.get("file");
        if (v == null || String.valueOf(v).isBlank()) {
            problems.error(yaml.keyAt(raw, kind), kind + " needs a file name");
            return null;
        }
        return String.valueOf(v);
    }

    private List<TaskNode> importTasks(Map<?, ?> raw, Map<String, Object> m, Inherited outer, boolean handler) {
        checkKeywords(raw, m, "import_tasks", INHERITED_KEYWORDS);
        String file = fileArg(raw, m, "import_tasks");
        if (file == null) return List.of();
        if (file.contains("{{")) {
            problems.error(yaml.keyAt(raw, "import_tasks"), "import_tasks is static: its file name cannot be a template (use include_tasks)");
            return List.of();
        }
        return taskFile(fileDir.resolve(file), yaml.keyAt(raw, "import_tasks"), inheritedFrom(raw, m, outer), handler);
    }

    private List<TaskNode> includeTasks(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        checkKeywords(raw, m, "include_tasks", INCLUDE_KEYWORDS);
        String file = fileArg(raw, m, "include_tasks");
        if (file == null) return List.of();
        Source at = yaml.keyAt(raw, "include_tasks");
        Path dir = fileDir;
        List<TaskNode> tasks = null;
        Include.TaskFile late = null;
        if (file.contains("{{")) {
            late = lateLoader(dir, outer);
        } else {
            tasks = taskFile(dir.resolve(file), at, outer, false);
        }
        LoopSpec loop = loop(raw, m);
        return List.of(new Include(str(m.get("name")), file, at, m.get("when"), loop.items(), loop.var(), mapping(raw, m, "vars"),
                stringList(raw, m, "tags"), tasks, late, outer.role()));
    }

    /** Reads an include whose name is known only on the host, with the same modules, roles and inherited keywords. */
    private Include.TaskFile lateLoader(Path dir, Inherited inherited) {
        Path playDir = playbookDir;
        return name -> {
            PlaybookLoader loader = new PlaybookLoader(modules, rolePath);
            loader.playbookDir = playDir;
            loader.fileDir = dir;
            List<TaskNode> nodes = loader.taskFile(dir.resolve(name), Source.of(dir.resolve(name).toString()), inherited, false);
            if (!loader.roleHandlers.isEmpty()) {
                loader.problems.error(Source.of(name), "a role with handlers cannot be loaded by a templated include");
            }
            loader.problems.throwIfAny();
            return nodes;
        };
    }

    // ---- roles

    private List<TaskNode> roles(Map<?, ?> raw, Map<String, Object> play, Inherited playLevel) {
        Object v = play.get("roles");
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            problems.error(yaml.keyAt(raw, "roles"), "'roles' must be a list");
            return List.of();
        }
        List<TaskNode> out = new ArrayList<>();
        for (Object entry : list) out.addAll(roleEntry(entry, yaml.at(list), playLevel));
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
            problems.error(yaml.at(entry), "a role entry must be a name or a mapping");
            return List.of();
        }
        Map<String, Object> m = stringKeys(raw);
        Object name = m.containsKey("role") ? m.get("role") : m.get("name");
        if (name == null) {
            problems.error(yaml.at(raw), "role entry has no 'role'");
            return List.of();
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> keywords = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String k = e.getKey();
            if (k.equals("role") || k.equals("name") || k.equals("vars")) continue;
            if (INHERITED_KEYWORDS.contains(k)) keywords.put(k, e.getValue());
            else params.put(k, e.getValue());
        }
        return role(new RoleUse(String.valueOf(name), params, mapping(raw, m, "vars"), null, true), yaml.at(raw),
                inheritedFrom(raw, keywords, outer));
    }

    private List<TaskNode> importRole(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        checkKeywords(raw, m, "import_role", INHERITED_KEYWORDS);
        Map<String, Object> args = roleArgs(raw, m, "import_role");
        if (args == null) return List.of();
        Inherited inherited = inheritedFrom(raw, m, outer);
        // import_role's vars join the role's vars (seen play-wide), not its tasks' vars.
        inherited = inherited.withVars(outer.vars());
        return role(new RoleUse(String.valueOf(args.get("name")), Map.of(), mapping(raw, m, "vars"), args, false),
                yaml.keyAt(raw, "import_role"), inherited);
    }

    private List<TaskNode> includeRole(Map<?, ?> raw, Map<String, Object> m, Inherited outer) {
        checkKeywords(raw, m, "include_role", INCLUDE_KEYWORDS);
        Map<String, Object> args = roleArgs(raw, m, "include_role");
        if (args == null) return List.of();
        Source at = yaml.keyAt(raw, "include_role");
        String name = String.valueOf(args.get("name"));
        // include_role's vars are role parameters: above task vars, and not seen after the role.
        List<TaskNode> tasks = role(new RoleUse(name, mapping(raw, m, "vars"), Map.of(), args, false), at, outer);
        LoopSpec loop = loop(raw, m);
        return List.of(new Include(str(m.get("name")), name, at, m.get("when"), loop.items(), loop.var(), Map.of(),
                stringList(raw, m, "tags"), tasks, null, outer.role()));
    }

    private Map<String, Object> roleArgs(Map<?, ?> raw, Map<String, Object> m, String kind) {
        Map<String, Object> args = keyValueArgs(raw, m, kind, "name");
        if (args == null) return null;
        for (String k : args.keySet()) {
            if (!ROLE_ARGS.contains(k)) problems.error(yaml.keyAt(raw, kind), "unsupported argument '" + k + "' for " + kind + Suggest.didYouMean(k, ROLE_ARGS));
        }
        Object name = args.get("name");
        if (name == null || String.valueOf(name).contains("{{")) {
            problems.error(yaml.keyAt(raw, kind), kind + " needs a role name, not a template");
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
        if (name.contains(".") && !name.contains("/") && name.chars().filter(c -> c == '.').count() >= 2) {
            problems.error(at, "role '" + name + "': collection roles are not supported");
            return List.of();
        }
        Path dir = rolePath.find(name, playbookDir);
        if (dir == null) {
            problems.error(at, "role '" + name + "' not found (searched " + rolePath.describe(playbookDir) + ")");
            return List.of();
        }
        String roleName = dir.getFileName().toString();
        if (use.once() && !rolesApplied.add(dir.toAbsolutePath().normalize() + " " + params + " " + use.vars())) return List.of();
        Map<String, Object> defaults = roleVars(dir.resolve("defaults"), fromArg(from, "defaults_from"), at);
        Map<String, Object> vars = new LinkedHashMap<>(roleVars(dir.resolve("vars"), fromArg(from, "vars_from"), at));
        vars.putAll(use.vars());
        Role role = new Role(roleName, dir, defaults, vars, params);
        Inherited inherited = outer.withRole(role);
        List<TaskNode> out = new ArrayList<>();
        Dependencies deps = dependencies(dir);
        for (Object dep : deps.entries()) {
            YamlFile outerYaml = yaml;
            try {
                yaml = deps.file();
                out.addAll(roleEntry(dep, yaml.at(deps.entries()), outer.withRole(null)));
            } finally {
                yaml = outerYaml;
            }
        }
        Path tasksFile = mainFile(dir.resolve("tasks"), fromArg(from, "tasks_from"));
        if (tasksFile != null) out.addAll(taskFile(tasksFile, at, inherited, false));
        else if (from != null && from.containsKey("tasks_from")) problems.error(at, "role '" + roleName + "' has no tasks file '" + from.get("tasks_from") + "'");
        Path handlersFile = mainFile(dir.resolve("handlers"), fromArg(from, "handlers_from"));
        if (handlersFile != null && roleHandlers.stream().noneMatch(h -> h.role() != null && h.role().dir().equals(dir) && h.role().params().equals(params))) {
            Inherited handlerLevel = Inherited.NONE.withRole(role);
            roleHandlers.addAll(flattenHandlers(taskFile(handlersFile, at, handlerLevel, true)));
        }
        return out;
    }

    /** A role's {@code dependencies:} and the meta file they are in, for the positions of their errors. */
    private record Dependencies(YamlFile file, List<?> entries) {}

    private Dependencies dependencies(Path roleDir) {
        Path meta = mainFile(roleDir.resolve("meta"), null);
        if (meta == null) return new Dependencies(yaml, List.of());
        filesRead.add(meta.toAbsolutePath().normalize());
        YamlFile file;
        try {
            file = YamlFile.read(meta, meta.toString());
        } catch (InputException e) {
            problems.addAll(e);
            return new Dependencies(yaml, List.of());
        }
        if (!(file.root() instanceof Map<?, ?> m) || m.get("dependencies") == null) return new Dependencies(file, List.of());
        if (!(m.get("dependencies") instanceof List<?> deps)) {
            problems.error(file.keyAt(m, "dependencies"), "'dependencies' must be a list");
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
            if (name != null) problems.error(at, "no vars file '" + name + "' in " + dir);
            return Map.of();
        }
        return varsFileAt(f);
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

    private List<TaskNode> meta(Map<?, ?> raw, Map<String, Object> m, Inherited inherited) {
        String action = str(m.get("meta"));
        Meta.Action a = action == null ? null : Meta.Action.of(action);
        // Like Ansible, only end_host takes a condition; flush_handlers runs wherever it stands.
        checkKeywords(raw, m, "meta", a == Meta.Action.END_HOST ? Set.of("name", "tags", "when") : Set.of("name", "tags"));
        if (a == null) {
            problems.error(yaml.keyAt(raw, "meta"), "unsupported meta action '" + action + "' (supported: flush_handlers, noop, end_host)");
            return List.of();
        }
        Object when = a == Meta.Action.END_HOST ? inherited.conditionsWith(m.get("when")) : null;
        return List.of(new Meta(a, yaml.at(raw), inherited.tags(stringList(raw, m, "tags")), when));
    }

    // ---- tasks

    private record LoopSpec(Object items, String var, Object label) {}

    private LoopSpec loop(Map<?, ?> raw, Map<String, Object> m) {
        List<String> given = m.keySet().stream().filter(k -> k.equals("loop") || k.startsWith("with_")).toList();
        if (given.size() > 1) problems.error(yaml.at(raw), "use one loop keyword, not " + String.join(" and ", given));
        String key = given.isEmpty() ? null : given.get(0);
        Object loop = key == null ? null : m.get(key);
        // Every with_X is lookup X (with_items flattens one level after rendering, so a templated list inside works).
        if (key != null && !key.equals("loop")) loop = new LoopLookup(key.substring("with_".length()), loop);
        Map<String, Object> loopControl = mapping(raw, m, "loop_control");
        for (String k : loopControl.keySet()) {
            if (!LOOP_CONTROL_KEYS.contains(k)) problems.error(yaml.keyAt(raw, "loop_control"), "unsupported loop_control option '" + k + "'");
        }
        return new LoopSpec(loop, loopControl.containsKey("loop_var") ? String.valueOf(loopControl.get("loop_var")) : "item",
                loopControl.get("label"));
    }

    private Task task(Map<?, ?> raw, Map<String, Object> m, Inherited inherited, boolean handler) {
        Source at = yaml.at(raw);
        if (m.containsKey("local_action")) {
            if (m.containsKey("delegate_to")) problems.error(yaml.keyAt(raw, "delegate_to"), "local_action already delegates to localhost");
            m = action(raw, m, "local_action");
            if (m == null) return null;
        } else if (m.containsKey("action")) {
            m = action(raw, m, "action");
            if (m == null) return null;
        }
        Object delegateTo = m.containsKey("delegate_to") ? m.get("delegate_to") : inherited.delegateTo();
        checkDelegate(raw, m.get("delegate_to"));
        TaskAction action = new TaskActions(yaml, problems, modules).action(raw, m);
        if (action == null) return null;
        LoopSpec loop = loop(raw, m);
        if (m.containsKey("listen") && !handler) problems.error(yaml.keyAt(raw, "listen"), "'listen' is only for handlers");
        Map<String, Object> templated = new LinkedHashMap<>(inherited.templated());
        Boolean ignoreErrors = flag(raw, m, "ignore_errors", templated);
        Boolean noLog = flag(raw, m, "no_log", templated);
        Boolean become = flag(raw, m, "become", templated);
        Boolean checkMode = flag(raw, m, "check_mode", templated);
        Boolean runOnce = flag(raw, m, "run_once", templated);
        return new Task(
                str(m.get("name")),
                action.module(),
                action.args(),
                at,
                inherited.conditionsWith(m.get("when")),
                loop.items(),
                loop.var(),
                loop.label(),
                str(m.get("register")),
                stringList(raw, m, "notify"),
                inherited.tags(stringList(raw, m, "tags")),
                m.get("changed_when"),
                m.get("failed_when"),
                m.containsKey("ignore_errors") ? Boolean.TRUE.equals(ignoreErrors) : Boolean.TRUE.equals(inherited.ignoreErrors()),
                m.containsKey("no_log") ? Boolean.TRUE.equals(noLog) : Boolean.TRUE.equals(inherited.noLog()),
                inherited.vars(mapping(raw, m, "vars")),
                m.containsKey("become") ? become : inherited.become(),
                m.containsKey("become_user") ? str(m.get("become_user")) : inherited.becomeUser(),
                stringList(raw, m, "listen"),
                new RolloutKeywords(yaml, problems).throttle(raw, m),
                inherited.role(),
                inherited.environment(m.get("environment")),
                m.containsKey("check_mode") ? checkMode : inherited.checkMode(),
                delegateTo == null ? null : String.valueOf(delegateTo),
                m.containsKey("run_once") ? Boolean.TRUE.equals(runOnce) : Boolean.TRUE.equals(inherited.runOnce()),
                Map.copyOf(templated),
                action.unsupported());
    }

    /**
     * {@code action: copy src=a dest=b} (or a mapping with {@code module:}) as the module's own key; {@code local_action}
     * the same with delegate_to localhost.
     */
    private Map<String, Object> action(Map<?, ?> raw, Map<String, Object> m, String keyword) {
        Object v = m.get(keyword);
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.remove(keyword);
        if (v instanceof Map<?, ?> map && map.get("module") != null) {
            Map<String, Object> args = stringKeys(map);
            out.put(String.valueOf(args.remove("module")), args);
        } else if (v instanceof String text && !text.isBlank()) {
            String[] parts = text.strip().split("\\s+", 2);
            out.put(parts[0], parts.length > 1 ? parts[1] : null);
        } else {
            problems.error(yaml.keyAt(raw, keyword), keyword + " needs a module: '" + keyword + ": MODULE ARGS' or a mapping with 'module:'");
            return null;
        }
        if (keyword.equals("local_action")) out.put("delegate_to", "localhost");
        return out;
    }

    private Map<String, Object> mapping(Map<?, ?> raw, Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return Map.of();
        if (v instanceof Map<?, ?> map) return stringKeys(map);
        problems.error(yaml.keyAt(raw, key), "'" + key + "' must be a mapping");
        return Map.of();
    }

    private List<String> stringList(Map<?, ?> raw, Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) return List.of();
        if (v instanceof List<?> l) return l.stream().map(String::valueOf).toList();
        if (v instanceof String s) {
            return key.equals("tags") || key.equals("gather_subset") ? List.of(s.split("\\s*,\\s*")) : List.of(s);
        }
        problems.error(yaml.keyAt(raw, key), "'" + key + "' must be a string or a list");
        return List.of();
    }

    private boolean bool(Map<?, ?> raw, Map<String, Object> m, String key, boolean fallback) {
        Object v = m.get(key);
        if (v == null) return fallback;
        Boolean b = dev.opsctl.module.Args.toBool(v);
        if (b == null) {
            problems.error(yaml.keyAt(raw, key), "'" + key + "' must be a boolean, not '" + v + "'");
            return fallback;
        }
        return b;
    }

    private static String str(Object o) {
        return o == null ? null : String.valueOf(o);
    }

    static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
        return out;
    }
}
