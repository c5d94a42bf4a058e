package dev.opsctl.inventory;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.nodes.Node;

/** Loads the inventory from -i sources (files, directories, or Ansible's "h1,h2," host lists) with group_vars/host_vars. */
public final class InventoryLoader {
    /** Ansible's IGNORED pattern for inventory directories: hidden entries, vars dirs, and INVENTORY_IGNORE_EXTS (.ini included). */
    private static final Pattern IGNORED = Pattern.compile(
            "^\\..*|^host_vars$|^group_vars$|^vars_plugins$|.*(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg|\\.retry)$");
    private static final Set<String> YAML_EXTENSIONS = Set.of(".yml", ".yaml", ".json");

    private InventoryLoader() {}

    /**
     * The merged inventory of every source; no sources gives an inventory without hosts, where only the
     * implicit localhost exists (the patterns {@code localhost} and {@code 127.0.0.1} match it; {@code all} does not). Vars directories
     * beside each source and beside playbookDir (may be null) apply as documented on {@link Inventory}.
     * Every problem of every file is reported together in one InputException.
     */
    public static Inventory load(List<Path> sources, Path playbookDir) {
        Diagnostics problems = new Diagnostics();
        InventoryBuilder builder = new InventoryBuilder();
        List<Path> varsDirs = new ArrayList<>();
        for (Path source : sources) {
            if (Files.isDirectory(source)) {
                parseDirectory(source, builder, problems);
                varsDirs.add(source);
            } else if (Files.isRegularFile(source)) {
                parseFile(source, builder, problems);
                varsDirs.add(source.toAbsolutePath().getParent());
            } else if (source.toString().contains(",")) {
                // Ansible's host_list plugin: "-i web1,web2," names hosts directly
                builder.source(source.toString(), null);
                for (String name : source.toString().split(",")) {
                    if (!name.isBlank()) builder.addHost("ungrouped", name.strip(), Map.of());
                }
            } else {
                problems.error(Source.of(source.toString()), "inventory source not found");
            }
        }
        Set<String> hostNames = new LinkedHashSet<>(builder.hostNames());
        hostNames.addAll(Inventory.LOCALHOST_NAMES);
        List<VarsDir> inventorySide = new ArrayList<>();
        for (Path dir : varsDirs) inventorySide.add(VarsFiles.read(dir, builder.groupNames(), hostNames, problems));
        VarsDir playbookSide = playbookDir == null
                ? VarsDir.EMPTY
                : VarsFiles.read(playbookDir, builder.groupNames(), hostNames, problems);
        problems.throwIfAny();
        return builder.build(new VarLayers(inventorySide, playbookSide));
    }

    private static void parseDirectory(Path dir, InventoryBuilder builder, Diagnostics problems) {
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        } catch (IOException e) {
            problems.error(Source.of(dir.toString()), "cannot list inventory directory: " + e.getMessage());
            return;
        }
        for (Path p : entries) {
            if (IGNORED.matcher(p.getFileName().toString()).matches()) continue;
            if (Files.isDirectory(p)) parseDirectory(p, builder, problems);
            else if (Files.isRegularFile(p)) parseFile(p, builder, problems);
        }
    }

    /**
     * YAML for .yml/.yaml/.json; otherwise YAML if the content is a mapping of groups (as Ansible's yaml plugin
     * accepts extension-less files), else INI.
     */
    private static void parseFile(Path file, InventoryBuilder builder, Diagnostics problems) {
        String name = file.toString();
        Path absolute = file.toAbsolutePath().normalize();
        builder.source(absolute.toString(), absolute.getParent().toString());
        try {
            String text = read(file);
            YamlNodes yaml = new YamlNodes(name);
            String ext = VarsFiles.extension(file.getFileName().toString()).toLowerCase(Locale.ROOT);
            if (YAML_EXTENSIONS.contains(ext)) {
                YamlInventory.parse(yaml, yaml.compose(text), builder, problems);
                return;
            }
            Node root = tryYaml(yaml, text);
            if (root != null && YamlInventory.looksLikeInventory(yaml, root)) YamlInventory.parse(yaml, root, builder, problems);
            else IniInventory.parse(name, text, builder, problems);
        } catch (InputException e) {
            problems.addAll(e);
        }
    }

    private static Node tryYaml(YamlNodes yaml, String text) {
        try {
            return yaml.compose(text);
        } catch (InputException notYaml) {
            return null;
        }
    }

    static String read(Path file) {
        try {
            return Vault.fileText(dev.opsctl.yaml.YamlLoad.decode(Files.readAllBytes(file), file.toString()), file.toString());
        } catch (IOException e) {
            throw new InputException(Source.of(file.toString()), "cannot read: " + e.getMessage());
        }
    }
}
