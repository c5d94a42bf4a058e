package dev.opsctl.playbook;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Suggest;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Module;
import dev.opsctl.module.ModuleRegistry;
import dev.opsctl.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a playbook file into {@link Play}s and {@link Task}s, checking every keyword, module and argument
 * name; all problems are collected and thrown together with file:line:column.
 */
public final class PlaybookLoader {
    static final Set<String> PLAY_KEYWORDS = Set.of("name", "hosts", "vars", "vars_files", "gather_facts", "gather_subset",
            "pre_tasks", "tasks", "post_tasks", "handlers", "become", "become_user", "tags",
            "serial", "max_fail_percentage", "any_errors_fatal", "order");
    static final Set<String> TASK_KEYWORDS = Set.of("name", "when", "loop", "with_items", "with_list", "loop_control",
            "register", "notify", "tags", "changed_when", "failed_when", "ignore_errors", "no_log", "vars",
            "become", "become_user", "args", "listen", RolloutKeywords.THROTTLE);
    private static final Set<String> LOOP_CONTROL_KEYS = Set.of("loop_var", "label");

    private final ModuleRegistry modules;
    private final Diagnostics problems = new Diagnostics();
    private final List<Path> varsFilesRead = new ArrayList<>();
    private YamlFile yaml;

    private PlaybookLoader(ModuleRegistry modules) {
        this.modules = modules;
    }

    /** Loads and checks {@code file}; throws {@link InputException} listing every problem found. */
    public static Playbook load(Path file, ModuleRegistry modules) {
        return new PlaybookLoader(modules).read(file);
    }

    private Playbook read(Path file) {
        String display = file.toString();
        if (!Files.isRegularFile(file)) throw new InputException(Source.of(display), "playbook not found");
        yaml = YamlFile.read(file, display);
        Object root = yaml.root();
        List<Play> plays = new ArrayList<>();
        if (!(root instanceof List<?> list)) {
            problems.error(root == null ? new Source(display, 1, 1) : yaml.at(root),
                    "a playbook must be a list of plays");
        } else {
            for (Object p : list) {
                Play play = play(p, file.toAbsolutePath().getParent());
                if (play != null) plays.add(play);
            }
        }
        problems.throwIfAny();
        return new Playbook(file, plays, varsFilesRead);
    }

    private Play play(Object node, Path dir) {
        if (!(node instanceof Map<?, ?> raw)) {
            problems.error(yaml.at(node), "a play must be a mapping");
            return null;
        }
        Map<String, Object> m = stringKeys(raw);
        Source at = yaml.at(raw);
        if (m.containsKey("import_playbook")) {
            problems.error(yaml.keyAt(raw, "import_playbook"), "'import_playbook' is not supported yet");
            return null;
        }
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
        List<String> playTags = stringList(raw, m, "tags");
        Play play = new Play(
                str(m.get("name")),
                hosts,
                at,
                vars,
                bool(raw, m, "gather_facts", true),
                m.containsKey("gather_subset") ? stringList(raw, m, "gather_subset") : List.of("all"),
                tasks(raw, m, "pre_tasks", playTags, false),
                tasks(raw, m, "tasks", playTags, false),
                tasks(raw, m, "post_tasks", playTags, false),
                tasks(raw, m, "handlers", playTags, true),
                m.containsKey("become") ? bool(raw, m, "become", false) : null,
                str(m.get("become_user")),
                new RolloutKeywords(yaml, problems).play(raw, m));
        checkNotify(play);
        return play;
    }

    /** Every notify must name a handler (by name or listen), as Ansible requires. */
    private void checkNotify(Play play) {
        Set<String> names = new LinkedHashSet<>();
        for (Task h : play.handlers()) {
            if (h.name() != null) names.add(h.name());
            names.addAll(h.listen());
        }
        for (List<Task> section : List.of(play.preTasks(), play.tasks(), play.postTasks(), play.handlers())) {
            for (Task t : section) {
                for (String n : t.notifies()) {
                    if (!names.contains(n)) problems.error(t.at(), "notify: no handler named '" + n + "'" + Suggest.didYouMean(n, names));
                }
            }
        }
    }

    private Map<String, Object> varsFile(Path dir, String name, Source at) {
        if (name.contains("{{")) {
            problems.error(at, "templated vars_files are not supported: '" + name + "'");
            return Map.of();
        }
        Path p = dir.resolve(name);
        varsFilesRead.add(p.toAbsolutePath().normalize());
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

    private List<Task> tasks(Map<?, ?> raw, Map<String, Object> play, String key, List<String> playTags, boolean handlers) {
        Object v = play.get(key);
        if (v == null) return List.of();
        if (!(v instanceof List<?> list)) {
            problems.error(yaml.keyAt(raw, key), "'" + key + "' must be a list of tasks");
            return List.of();
        }
        List<Task> out = new ArrayList<>();
        for (Object t : list) {
            Task task = task(t, handlers);
            if (task != null) out.add(task.withInheritedTags(playTags));
        }
        return out;
    }

    private Task task(Object node, boolean handler) {
        if (!(node instanceof Map<?, ?> raw)) {
            problems.error(yaml.at(node), "a task must be a mapping");
            return null;
        }
        Map<String, Object> m = stringKeys(raw);
        Source at = yaml.at(raw);
        for (String block : List.of("block", "include_tasks", "import_tasks", "include_role", "import_role")) {
            if (m.containsKey(block)) {
                problems.error(yaml.keyAt(raw, block), "'" + block + "' is not supported yet");
                return null;
            }
        }
        List<String> actionKeys = new ArrayList<>();
        for (String k : m.keySet()) if (!TASK_KEYWORDS.contains(k)) actionKeys.add(k);
        String moduleKey = null;
        for (String k : actionKeys) {
            if (modules.find(k) != null) {
                if (moduleKey != null) {
                    problems.error(yaml.keyAt(raw, k), "conflicting action statements: " + moduleKey + ", " + k);
                    return null;
                }
                moduleKey = k;
            }
        }
        for (String k : actionKeys) {
            if (k.equals(moduleKey)) continue;
            Set<String> all = new LinkedHashSet<>(TASK_KEYWORDS);
            all.addAll(modules.names());
            String hint = Suggest.didYouMean(k, all);
            problems.error(yaml.keyAt(raw, k), (moduleKey == null ? "unknown module '" + k + "'" : "unsupported task keyword '" + k + "'") + hint);
        }
        if (moduleKey == null) {
            if (actionKeys.isEmpty()) problems.error(at, "no module in task" + (m.containsKey("name") ? " '" + m.get("name") + "'" : ""));
            return null;
        }
        Module module = modules.find(moduleKey);
        Map<String, Object> args = args(raw, m, moduleKey, module.spec());
        if (args == null) return null;
        for (String problem : module.spec().check(module.name(), args)) problems.error(yaml.keyAt(raw, moduleKey), problem);

        Object loop = m.containsKey("loop") ? m.get("loop") : m.containsKey("with_items") ? m.get("with_items") : m.get("with_list");
        if (m.containsKey("loop") && (m.containsKey("with_items") || m.containsKey("with_list"))) {
            problems.error(at, "use either 'loop' or 'with_items', not both");
        }
        Map<String, Object> loopControl = mapping(raw, m, "loop_control");
        for (String k : loopControl.keySet()) {
            if (!LOOP_CONTROL_KEYS.contains(k)) problems.error(yaml.keyAt(raw, "loop_control"), "unsupported loop_control option '" + k + "'");
        }
        if (m.containsKey("with_items") && loop instanceof List<?> items) loop = flattenOnce(items);
        if (m.containsKey("listen") && !handler) problems.error(yaml.keyAt(raw, "listen"), "'listen' is only for handlers");
        return new Task(
                str(m.get("name")),
                module.name(),
                args,
                at,
                m.get("when"),
                loop,
                loopControl.containsKey("loop_var") ? String.valueOf(loopControl.get("loop_var")) : "item",
                loopControl.get("label"),
                str(m.get("register")),
                stringList(raw, m, "notify"),
                stringList(raw, m, "tags"),
                m.get("changed_when"),
                m.get("failed_when"),
                bool(raw, m, "ignore_errors", false),
                bool(raw, m, "no_log", false),
                mapping(raw, m, "vars"),
                m.containsKey("become") ? bool(raw, m, "become", false) : null,
                str(m.get("become_user")),
                stringList(raw, m, "listen"),
                new RolloutKeywords(yaml, problems).throttle(raw, m));
    }

    /** Module arguments from a mapping, a {@code k=v} string, or both with {@code args:}. */
    private Map<String, Object> args(Map<?, ?> raw, Map<String, Object> m, String moduleKey, ArgSpec spec) {
        Object v = m.get(moduleKey);
        Map<String, Object> args = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> map) {
            args.putAll(stringKeys(map));
        } else if (v != null) {
            Set<String> rawKeys = new LinkedHashSet<>(spec.names());
            rawKeys.remove(ArgSpec.RAW);
            try {
                args.putAll(KeyValues.parse(String.valueOf(v), spec.freeForm(), rawKeys));
            } catch (IllegalArgumentException e) {
                problems.error(yaml.keyAt(raw, moduleKey), "module '" + moduleKey + "': " + e.getMessage());
                return null;
            }
        }
        args.putAll(mapping(raw, m, "args"));
        return args;
    }

    private static List<Object> flattenOnce(List<?> items) {
        List<Object> out = new ArrayList<>();
        for (Object o : items) {
            if (o instanceof List<?> inner) out.addAll(inner);
            else out.add(o);
        }
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
