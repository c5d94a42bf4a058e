package dev.opsctl.saved;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The controller files a plan depends on, each with its SHA-256 (docs/plan-format.md lists them): the playbook, its
 * vars_files, the trees group_vars/, host_vars/, templates/ and files/ beside it, each inventory source (every file
 * of an inventory directory) with the group_vars/ and host_vars/ beside it, {@code -e @file} files, and every file a
 * task read. Hidden entries are skipped: editor and VCS files do not make a plan stale.
 */
public final class InputFiles {
    private static final List<String> PLAYBOOK_TREES = List.of("group_vars", "host_vars", "templates", "files");
    private static final List<String> INVENTORY_TREES = List.of("group_vars", "host_vars");

    private InputFiles() {}

    /** Display path (relative to the working directory when under it) to SHA-256, for the files that exist. */
    public static Map<String, String> digests(Path playbook, List<Path> inventories, Collection<Path> varsFiles,
                                              Collection<Path> extraVarFiles, Collection<Path> filesRead) {
        List<Path> files = new ArrayList<>();
        files.add(playbook);
        Path dir = playbook.toAbsolutePath().getParent();
        for (String t : PLAYBOOK_TREES) files.addAll(tree(dir.resolve(t)));
        for (Path inv : inventories) {
            if (Files.isDirectory(inv)) {
                files.addAll(tree(inv));
            } else if (Files.isRegularFile(inv)) {
                files.add(inv);
                for (String t : INVENTORY_TREES) files.addAll(tree(inv.toAbsolutePath().getParent().resolve(t)));
            }
        }
        files.addAll(varsFiles);
        files.addAll(extraVarFiles);
        files.addAll(filesRead);
        Map<String, String> out = new TreeMap<>();
        for (Path f : files) {
            if (Files.isRegularFile(f)) out.putIfAbsent(display(f), sha256(f));
        }
        return out;
    }

    /** The digest now of each file named in {@code recorded}, or null for one that is gone. */
    public static Map<String, String> now(Collection<String> recorded) {
        Map<String, String> out = new TreeMap<>();
        for (String name : recorded) {
            Path f = Path.of(name);
            out.put(name, Files.isRegularFile(f) ? sha256(f) : null);
        }
        return out;
    }

    /** How a path is recorded: relative to the working directory when under it, so a CI job elsewhere can check it. */
    public static String display(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }

    private static List<Path> tree(Path dir) {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(dir.relativize(p)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) if (part.toString().startsWith(".")) return true;
        return false;
    }

    private static String sha256(Path f) {
        // Streamed: an input may be a copy src of hundreds of MiB.
        try {
            return dev.opsctl.transport.Payload.file(f).sha256();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
