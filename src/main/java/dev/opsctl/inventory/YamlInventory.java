package dev.opsctl.inventory;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.Suggest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Ansible's YAML inventory: top-level groups (usually just {@code all}), each with hosts, vars and children. */
final class YamlInventory {
    private static final List<String> SECTIONS = List.of("hosts", "vars", "children");

    private final YamlNodes yaml;
    private final InventoryBuilder builder;
    private final Diagnostics problems;

    private YamlInventory(YamlNodes yaml, InventoryBuilder builder, Diagnostics problems) {
        this.yaml = yaml;
        this.builder = builder;
        this.problems = problems;
    }

    /** True when the document has the shape of an inventory, which is how an extension-less file is recognised. */
    static boolean looksLikeInventory(YamlNodes yaml, Node root) {
        return root instanceof MappingNode m
                && yaml.entries(m).values().stream().allMatch(v -> v instanceof MappingNode || YamlNodes.isNull(v));
    }

    static void parse(YamlNodes yaml, Node root, InventoryBuilder builder, Diagnostics problems) {
        if (YamlNodes.isNull(root)) return;
        if (!(root instanceof MappingNode top)) {
            problems.error(yaml.at(root), "a YAML inventory must be a mapping of group names, such as 'all:'");
            return;
        }
        YamlInventory parser = new YamlInventory(yaml, builder, problems);
        yaml.entries(top).forEach((name, node) -> parser.group(name, node));
    }

    private void group(String name, Node node) {
        builder.group(name);
        if (YamlNodes.isNull(node)) return;
        if (!(node instanceof MappingNode map)) {
            problems.error(yaml.at(node), "group '" + name + "' must be a mapping with hosts, vars or children");
            return;
        }
        Map<String, Node> keys = yaml.keys(map);
        yaml.entries(map).forEach((section, value) -> {
            if (!SECTIONS.contains(section)) {
                problems.error(yaml.at(keys.get(section)), "unexpected key '" + section + "' in group '" + name
                        + "': only hosts, vars and children are valid" + Suggest.didYouMean(section, SECTIONS));
                return;
            }
            Entries entries = sectionEntries(name, section, value);
            switch (section) {
                case "vars" -> entries.values().forEach((k, v) -> builder.setGroupVar(name, k, yaml.value(v)));
                case "children" -> entries.values().forEach((child, childNode) -> {
                    group(child, childNode);
                    if (!builder.addChild(name, child)) {
                        problems.error(yaml.at(entries.keys().get(child)), "adding group '" + child + "' as a child of '"
                                + name + "' creates a loop");
                    }
                });
                default -> entries.values().forEach((host, vars) -> host(name, host, entries.keys().get(host), vars));
            }
        });
    }

    /** A section's mapping; Ansible also accepts a single string ("hosts: web1"), and null means empty. */
    private Entries sectionEntries(String group, String section, Node value) {
        if (value instanceof MappingNode m) return new Entries(yaml.entries(m), yaml.keys(m));
        if (value instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            Map<String, Node> one = new LinkedHashMap<>();
            one.put(s.getValue(), null);
            return new Entries(one, Map.of(s.getValue(), s));
        }
        if (!YamlNodes.isNull(value)) {
            problems.error(yaml.at(value), "'" + section + "' of group '" + group + "' must be a mapping, found a list");
        }
        return new Entries(Map.of(), Map.of());
    }

    /** A section's entries by name, with the key nodes for error positions. */
    private record Entries(Map<String, Node> values, Map<String, Node> keys) {}

    private void host(String group, String key, Node keyNode, Node varsNode) {
        Map<String, Object> vars = new LinkedHashMap<>();
        if (!YamlNodes.isNull(varsNode)) {
            if (!(varsNode instanceof MappingNode map)) {
                problems.error(yaml.at(varsNode), "host '" + key + "' must have a mapping of variables or nothing");
                return;
            }
            yaml.entries(map).forEach((k, v) -> vars.put(k, yaml.value(v)));
        }
        HostEntry entry;
        try {
            entry = HostEntry.parse(key);
        } catch (IllegalArgumentException e) {
            problems.error(yaml.at(keyNode), e.getMessage());
            return;
        }
        Map<String, Object> all = new LinkedHashMap<>();
        if (entry.port() != null) all.put("ansible_port", entry.port());
        all.putAll(vars);
        for (String name : entry.names()) builder.addHost(group, name, all);
    }
}
