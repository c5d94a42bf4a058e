package dev.opsctl.inventory;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads group_vars/ and host_vars/ beside an inventory or playbook, as Ansible's host_group_vars plugin does:
 * {@code NAME}, {@code NAME.yml}, {@code NAME.yaml} or {@code NAME.json} (the first that exists), or a directory
 * {@code NAME/} whose files are merged in lexical order, recursively, skipping hidden files and backups.
 */
final class VarsFiles {
    private static final List<String> EXTENSIONS = List.of(".yml", ".yaml", ".json");

    private VarsFiles() {}

    static VarsDir read(Path dir, Collection<String> groups, Collection<String> hosts, Diagnostics problems) {
        return new VarsDir(readAll(dir.resolve("group_vars"), groups, problems), readAll(dir.resolve("host_vars"), hosts, problems));
    }

    private static Map<String, Map<String, Object>> readAll(Path base, Collection<String> names, Diagnostics problems) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        if (!Files.isDirectory(base)) return out;
        for (String name : names) {
            List<Path> files = find(base, name);
            if (files.isEmpty()) continue;
            Map<String, Object> vars = new LinkedHashMap<>();
            for (Path file : files) {
                try {
                    vars.putAll(readFile(file));
                } catch (InputException e) {
                    problems.addAll(e);
                }
            }
            out.put(name, vars);
        }
        return out;
    }

    private static List<Path> find(Path base, String name) {
        for (String ext : Stream.concat(Stream.of(""), EXTENSIONS.stream()).toList()) {
            Path p = base.resolve(name + ext);
            if (Files.isDirectory(p)) return directoryFiles(p);
            if (Files.isRegularFile(p)) return List.of(p);
        }
        return List.of();
    }

    private static List<Path> directoryFiles(Path dir) {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") || name.endsWith("~")) continue;
                String ext = extension(name);
                if (Files.isDirectory(p) && ext.isEmpty()) found.addAll(directoryFiles(p));
                else if (Files.isRegularFile(p) && (ext.isEmpty() || EXTENSIONS.contains(ext))) found.add(p);
            }
        } catch (IOException e) {
            throw new InputException(Source.of(dir.toString()), "cannot list directory: " + e.getMessage());
        }
        return found;
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot);
    }

    /** One vars file: a mapping of variable names to values, or nothing at all. */
    static Map<String, Object> readFile(Path file) {
        YamlNodes yaml = new YamlNodes(file.toString());
        Node root = yaml.compose(InventoryLoader.read(file));
        Map<String, Object> vars = new LinkedHashMap<>();
        if (YamlNodes.isNull(root)) return vars;
        if (!(root instanceof MappingNode map)) {
            throw new InputException(yaml.at(root), "a vars file must be a mapping of variable names to values");
        }
        yaml.entries(map).forEach((k, v) -> vars.put(k, yaml.value(v)));
        return vars;
    }
}
