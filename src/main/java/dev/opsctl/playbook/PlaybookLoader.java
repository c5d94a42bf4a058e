package dev.opsctl.playbook;

import static dev.opsctl.playbook.KeywordValues.str;
import static dev.opsctl.playbook.KeywordValues.stringKeys;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Suggest;
import dev.opsctl.module.registry.ModuleRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final LoadContext ctx;
    private final KeywordValues kv;
    private final TaskListReader lists;
    private final RoleReader roles;

    private PlaybookLoader(ModuleRegistry modules, RolePath rolePath) {
        this.ctx = new LoadContext(modules, rolePath);
        this.kv = new KeywordValues(ctx);
        this.lists = new TaskListReader(ctx);
        this.roles = lists.roles;
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
        Path dir = LoadContext.dirOf(file);
        PlaybookLoader loader = new PlaybookLoader(modules, RolePath.forPlaybook(dir, System.getenv("ANSIBLE_ROLES_PATH")));
        Playbook playbook = loader.read(file);
        loader.ctx.problems.items().forEach(d -> problems.error(d.at(), d.message()));
        return playbook;
    }

    private Playbook read(Path file) {
        List<Play> plays = playbook(file, Source.of(file.toString()));
        ctx.filesRead.remove(file.toAbsolutePath().normalize());
        return new Playbook(file, plays, List.copyOf(ctx.filesRead));
    }

    private List<Play> playbook(Path file, Source from) {
        return ctx.readList(file, from, "playbook", "plays", false, entries -> {
            List<Play> plays = new ArrayList<>();
            for (Object p : entries) {
                if (p instanceof Map<?, ?> raw && raw.containsKey("import_playbook")) {
                    plays.addAll(importPlaybook(raw));
                } else {
                    Play play = play(p, ctx.fileDir);
                    if (play != null) plays.add(play);
                }
            }
            return plays;
        });
    }

    private List<Play> importPlaybook(Map<?, ?> raw) {
        Map<String, Object> m = stringKeys(raw);
        for (String k : m.keySet()) {
            if (!k.equals("import_playbook") && !k.equals("name")) {
                ctx.problems.error(ctx.yaml.keyAt(raw, k), "unsupported keyword '" + k + "' on import_playbook");
            }
        }
        Source at = ctx.yaml.keyAt(raw, "import_playbook");
        String name = str(m.get("import_playbook"));
        if (name == null || name.contains("{{")) {
            ctx.problems.error(at, "import_playbook needs a file name, not a template");
            return List.of();
        }
        return playbook(ctx.fileDir.resolve(name), at);
    }

    private Play play(Object node, Path dir) {
        if (!(node instanceof Map<?, ?> raw)) {
            ctx.problems.error(ctx.yaml.at(node), "a play must be a mapping");
            return null;
        }
        Map<String, Object> m = stringKeys(raw);
        Source at = ctx.yaml.at(raw);
        for (String k : m.keySet()) {
            if (!PLAY_KEYWORDS.contains(k)) {
                ctx.problems.error(ctx.yaml.keyAt(raw, k), "unsupported play keyword '" + k + "'" + Suggest.didYouMean(k, PLAY_KEYWORDS));
            }
        }
        String hosts = m.get("hosts") instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : m.get("hosts") == null ? null : String.valueOf(m.get("hosts"));
        if (hosts == null || hosts.isBlank()) ctx.problems.error(at, "play has no 'hosts'");
        Map<String, Object> vars = new LinkedHashMap<>(kv.mapping(raw, m, "vars"));
        for (String vf : kv.stringList(raw, m, "vars_files")) {
            vars.putAll(varsFile(dir, vf, ctx.yaml.keyAt(raw, "vars_files")));
        }
        ctx.playbookDir = dir;
        ctx.roleHandlers = new ArrayList<>();
        ctx.rolesApplied = new LinkedHashSet<>();
        // Play keywords reach every task the way a block's do; play vars stay a layer of their own.
        Map<String, Object> playTemplated = new LinkedHashMap<>();
        List<String> playTags = kv.stringList(raw, m, "tags");
        Inherited playLevel = new Inherited(List.of(), playTags, Map.of(), null, null, null, null,
                m.get("environment"), kv.flag(raw, m, "check_mode", playTemplated), null, null, null, Map.copyOf(playTemplated));
        List<TaskNode> preTasks = lists.nodes(raw, m, "pre_tasks", playLevel, false);
        List<TaskNode> tasks = new ArrayList<>(roles.roles(raw, m, playLevel));
        tasks.addAll(lists.nodes(raw, m, "tasks", playLevel, false));
        List<TaskNode> postTasks = lists.nodes(raw, m, "post_tasks", playLevel, false);
        List<Task> handlers = new ArrayList<>(ctx.roleHandlers);
        handlers.addAll(lists.handlers(raw, m, playLevel));
        Play play = new Play(
                str(m.get("name")),
                hosts,
                at,
                vars,
                kv.bool(raw, m, "gather_facts", true),
                m.containsKey("gather_subset") ? kv.stringList(raw, m, "gather_subset") : List.of("all"),
                preTasks,
                tasks,
                postTasks,
                handlers,
                m.containsKey("become") ? kv.bool(raw, m, "become", false) : null,
                str(m.get("become_user")),
                new RolloutKeywords(ctx.yaml, ctx.problems).play(raw, m),
                connectionKeyword(raw, m),
                playTags);
        checkNotify(play);
        return play;
    }

    /** The play's {@code connection:}: a transport opsctl has (ssh, local), or a template rendered per host. */
    private String connectionKeyword(Map<?, ?> raw, Map<String, Object> m) {
        String c = str(m.get("connection"));
        if (c != null && !c.contains("{{") && !Set.of("ssh", "smart", "paramiko", "local").contains(c)) {
            ctx.problems.error(ctx.yaml.keyAt(raw, "connection"), "connection: '" + c + "' is not supported (use ssh or local)");
        }
        return c;
    }

    /** Every notify must name a handler (by name, {@code "role : name"} or listen), as Ansible requires. */
    private void checkNotify(Play play) {
        Set<String> names = new LinkedHashSet<>();
        for (Task h : play.handlers()) names.addAll(h.handlerNames());
        for (Task t : play.allTasks()) {
            for (String n : t.notifies()) {
                if (!names.contains(n)) ctx.problems.error(t.at(), "notify: no handler named '" + n + "'" + Suggest.didYouMean(n, names));
            }
        }
    }

    private Map<String, Object> varsFile(Path dir, String name, Source at) {
        if (name.contains("{{")) {
            ctx.problems.error(at, "templated vars_files are not supported: '" + name + "'");
            return Map.of();
        }
        return ctx.varsFileAt(dir.resolve(name));
    }
}
