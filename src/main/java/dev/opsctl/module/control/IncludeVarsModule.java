package dev.opsctl.module.control;

import dev.opsctl.diag.InputException;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ControllerModule;
import dev.opsctl.module.ControllerResult;
import dev.opsctl.module.TaskContext;
import dev.opsctl.yaml.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ansible's {@code include_vars}: variables from a YAML/JSON file, or every such file of a directory (sorted, as
 * Ansible reads them), set on the host from now on; with {@code name:} they go under that one variable.
 * Relative names are searched in the role's {@code vars/}, the role, the playbook's {@code vars/}, the playbook.
 */
public final class IncludeVarsModule implements ControllerModule {
    private static final List<String> DEFAULT_EXTENSIONS = List.of("yml", "yaml", "json");

    @Override
    public String name() {
        return "include_vars";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("file", "dir", "name", "depth", "files_matching", "ignore_files", "extensions").withFreeForm();
    }

    @Override
    public boolean setsData() {
        return false;
    }

    @Override
    public ControllerResult run(Args args, TaskContext ctx) {
        String file = args.string("file", ArgSpec.RAW);
        String dir = args.string("dir");
        if ((file == null) == (dir == null)) throw new ArgException("include_vars needs exactly one of file or dir");
        Map<String, Object> vars = new LinkedHashMap<>();
        List<String> read = new ArrayList<>();
        if (file != null) {
            Path p = find(file, ctx.vars(), false);
            vars.putAll(read(p));
            read.add(p.toString());
        } else {
            for (Path p : filesIn(find(dir, ctx.vars(), true), args)) {
                vars.putAll(read(p));
                read.add(p.toString());
            }
        }
        String name = args.string("name");
        Map<String, Object> set = name == null ? vars : Map.of(name, vars);
        Map<String, Object> registered = new LinkedHashMap<>();
        registered.put("ansible_facts", set);
        registered.put("ansible_included_var_files", read);
        return new ControllerResult(set, null, null, registered);
    }

    private static Path find(String name, Map<String, Object> vars, boolean directory) {
        Path given = Path.of(name);
        List<Path> candidates = new ArrayList<>();
        if (given.isAbsolute()) {
            candidates.add(given);
        } else {
            for (String base : List.of("role_path", "playbook_dir")) {
                if (vars.get(base) == null) continue;
                Path b = Path.of(String.valueOf(vars.get(base)));
                candidates.add(b.resolve("vars").resolve(name));
                candidates.add(b.resolve(name));
            }
        }
        for (Path c : candidates) {
            if (directory ? Files.isDirectory(c) : Files.isRegularFile(c)) return c;
        }
        throw new ArgException("could not find " + (directory ? "directory" : "file") + " '" + name + "' (searched "
                + String.join(", ", candidates.stream().map(Path::toString).toList()) + ")");
    }

    private static List<Path> filesIn(Path dir, Args args) {
        List<String> extensions = args.has("extensions") ? args.list("extensions") : DEFAULT_EXTENSIONS;
        List<String> ignored = args.has("ignore_files") ? args.list("ignore_files") : List.of();
        Pattern matching = args.string("files_matching") == null ? null : Pattern.compile(args.string("files_matching"));
        int depth = args.has("depth") ? Integer.parseInt(String.valueOf(args.raw("depth"))) : 0;
        try (Stream<Path> walk = Files.walk(dir, depth <= 0 ? Integer.MAX_VALUE : depth)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        int dot = n.lastIndexOf('.');
                        return dot > 0 && extensions.contains(n.substring(dot + 1)) && !ignored.contains(n)
                                && (matching == null || matching.matcher(n).lookingAt());
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ArgException("cannot list '" + dir + "': " + e.getMessage());
        }
    }

    private static Map<String, Object> read(Path p) {
        YamlFile yaml;
        try {
            yaml = YamlFile.read(p, p.toString());
        } catch (InputException e) {
            throw new ArgException(e.getMessage());
        }
        if (yaml.root() == null) return Map.of();
        if (!(yaml.root() instanceof Map<?, ?> m)) throw new ArgException(p + ": a vars file must be a mapping");
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
