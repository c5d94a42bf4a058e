package dev.opsctl.playbook;

import static dev.opsctl.playbook.KeywordValues.stringKeys;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.yaml.YamlFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where a {@link PlaybookLoader} is: the file being read (for positions and relative names), the play being read
 * (its directory, its roles' handlers, the roles it has applied), the files read so far and the problems found.
 */
final class LoadContext {
    final ModuleRegistry modules;
    final RolePath rolePath;
    final Diagnostics problems = new Diagnostics();
    /** Every file read besides the playbook, for a saved plan's inputs. */
    final Set<Path> filesRead = new LinkedHashSet<>();
    /** Files being read, outermost first: an import of one of them is a cycle. */
    private final Deque<Path> reading = new ArrayDeque<>();
    /** The file being read, and its directory (relative task files and roles are resolved from there). */
    YamlFile yaml;
    Path fileDir;
    /** The play being read: the directory of its playbook, its roles' handlers, the roles it has applied. */
    Path playbookDir;
    List<Task> roleHandlers = new ArrayList<>();
    Set<String> rolesApplied = new LinkedHashSet<>();

    LoadContext(ModuleRegistry modules, RolePath rolePath) {
        this.modules = modules;
        this.rolePath = rolePath;
    }

    static Path dirOf(Path file) {
        return file.getParent() == null ? Path.of("") : file.getParent();
    }

    /**
     * Reads {@code file}, a YAML list of {@code items}, and hands the list to {@code body} with the file as the
     * current one (positions in errors, relative names resolved from its directory). Problems are collected.
     */
    <T> List<T> readList(Path file, Source from, String what, String items, boolean emptyAllowed,
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

    Map<String, Object> varsFileAt(Path p) {
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
}
