package dev.opsctl.playbook;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.Suggest;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Module;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.yaml.YamlFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a task's module and arguments, and sorts what opsctl lacks into two kinds, the rule docs/compatibility.md
 * states: what Ansible has (a module, an argument of a module, a task keyword) makes the task fail on a host where it
 * runs, as Ansible fails a task for another system only when it runs; a misspelling (a name Ansible does not have,
 * close to one opsctl knows) and an argument the module has in neither tool are errors when the playbook is loaded.
 */
final class TaskActions {
    private final YamlFile yaml;
    private final Diagnostics problems;
    private final ModuleRegistry modules;

    TaskActions(YamlFile yaml, Diagnostics problems, ModuleRegistry modules) {
        this.yaml = yaml;
        this.problems = problems;
        this.modules = modules;
    }

    /** The action of a task mapping, or null when it has load-time errors (already reported). */
    TaskAction action(Map<?, ?> raw, Map<String, Object> m) {
        List<String> unsupported = new ArrayList<>();
        String moduleKey = null;
        String unknownModule = null;
        boolean errors = false;
        List<String> others = new ArrayList<>();
        for (String k : m.keySet()) {
            if (PlaybookLoader.TASK_KEYWORDS.contains(k) || k.startsWith("with_")) continue;
            if (modules.find(k) == null) {
                others.add(k);
            } else if (moduleKey != null) {
                problems.error(yaml.keyAt(raw, k), "conflicting action statements: " + moduleKey + ", " + k);
                return null;
            } else {
                moduleKey = k;
            }
        }
        for (String k : others) {
            if (AnsibleSurface.isTaskKeyword(k)) {
                unsupported.add("keyword '" + k + "' is not supported by opsctl");
                continue;
            }
            String shortName = k.substring(k.lastIndexOf('.') + 1);
            if (moduleKey == null && !shortName.equals(k) && modules.find(shortName) != null) {
                // A module of ours named in a collection that does not hold it (ansible.posix.copy): Ansible cannot resolve it either.
                problems.error(yaml.keyAt(raw, k), "unknown module '" + k + "' (did you mean '" + shortName + "'?)");
                errors = true;
                continue;
            }
            Set<String> near = new LinkedHashSet<>(PlaybookLoader.TASK_KEYWORDS);
            near.addAll(modules.names());
            String hint = Suggest.didYouMean(k, near);
            if (moduleKey == null && unknownModule == null && (AnsibleSurface.isModule(k) || hint.isEmpty())) {
                unknownModule = k;
                unsupported.add("module '" + k + "' is not supported by opsctl"
                        + (AnsibleSurface.isModule(k) ? "" : " (nor known to ansible-core 2.14: a collection's?)"));
                continue;
            }
            problems.error(yaml.keyAt(raw, k), (moduleKey == null && unknownModule == null ? "unknown module '" + k + "'"
                    : moduleKey == null ? "conflicting action statements: " + unknownModule + ", " + k
                    : "unsupported task keyword '" + k + "'") + hint);
            errors = true;
        }
        if (moduleKey == null && unknownModule == null) {
            if (others.isEmpty()) problems.error(yaml.at(raw), "no module in task" + (m.containsKey("name") ? " '" + m.get("name") + "'" : ""));
            return null;
        }
        if (errors && moduleKey == null) return null;
        if (unknownModule != null) {
            Map<String, Object> args = args(raw, m, unknownModule, ArgSpec.any().withFreeForm());
            return args == null ? null : new TaskAction(unknownModule, args, String.join("; ", unsupported));
        }
        Module module = modules.find(moduleKey);
        Map<String, Object> args = args(raw, m, moduleKey, module.spec());
        if (args == null) return null;
        // Every problem of the task is reported, its arguments' too, before giving up on it.
        if (!checkArguments(raw, moduleKey, module, args, unsupported) || errors) return null;
        return new TaskAction(module.name(), args, unsupported.isEmpty() ? null : String.join("; ", unsupported));
    }

    /** Arguments opsctl's module lacks: Ansible's go to {@code unsupported}, anything else is an error. */
    private boolean checkArguments(Map<?, ?> raw, String moduleKey, Module module, Map<String, Object> args, List<String> unsupported) {
        ArgSpec spec = module.spec();
        boolean ok = true;
        for (String k : args.keySet()) {
            if (spec.open() || spec.names().contains(k)) continue;
            if (!k.equals(ArgSpec.RAW) && AnsibleSurface.hasArgument(moduleKey, k)) {
                unsupported.add("argument '" + k + "' of module '" + module.name() + "' is not supported by opsctl");
            } else {
                problems.error(yaml.keyAt(raw, moduleKey), k.equals(ArgSpec.RAW)
                        ? "module '" + module.name() + "' takes no free-form arguments; use key: value pairs"
                        : "unsupported argument '" + k + "' for module '" + module.name() + "'" + Suggest.didYouMean(k, spec.names()));
                ok = false;
            }
        }
        for (String r : spec.required()) {
            if (args.containsKey(r)) continue;
            String message = "module '" + module.name() + "' requires argument '" + r + "'";
            if (AnsibleSurface.passesArguments(moduleKey)) {
                unsupported.add(message);
            } else {
                problems.error(yaml.keyAt(raw, moduleKey), message);
                ok = false;
            }
        }
        return ok;
    }

    /** Module arguments from a mapping, a {@code k=v} string, or both with {@code args:}. */
    private Map<String, Object> args(Map<?, ?> raw, Map<String, Object> m, String moduleKey, ArgSpec spec) {
        Object v = m.get(moduleKey);
        Map<String, Object> args = new LinkedHashMap<>();
        if (v instanceof Map<?, ?> map) {
            args.putAll(KeywordValues.stringKeys(map));
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
        Object more = m.get("args");
        if (more instanceof Map<?, ?> map) {
            args.putAll(KeywordValues.stringKeys(map));
        } else if (more != null) {
            problems.error(yaml.keyAt(raw, "args"), "'args' must be a mapping");
            return null;
        }
        return args;
    }
}
