package dev.opsctl.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Accumulates hosts and groups from every inventory source, then applies Ansible's reconcile rules once. */
final class InventoryBuilder {
    private final Map<String, Map<String, Object>> hosts = new LinkedHashMap<>();
    private final Map<String, Draft> groups = new LinkedHashMap<>();
    /** The source being parsed: its inventory_file and inventory_dir values, given to the hosts it adds first. */
    private String sourceFile;
    private String sourceDir;

    private static final class Draft {
        final Map<String, Object> vars = new LinkedHashMap<>();
        final List<String> children = new ArrayList<>();
        final List<String> hosts = new ArrayList<>();
        final Set<String> parents = new LinkedHashSet<>();
    }

    InventoryBuilder() {
        group("all");
        group("ungrouped");
        addChild("all", "ungrouped");
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    void group(String name) {
        groups.computeIfAbsent(name, n -> new Draft());
    }

    /** Links child under parent; false when that would make a group its own ancestor. */
    boolean addChild(String parent, String child) {
        group(parent);
        group(child);
        if (parent.equals(child) || descendants(child).contains(parent)) return false;
        Draft p = groups.get(parent);
        if (!p.children.contains(child)) p.children.add(child);
        groups.get(child).parents.add(parent);
        return true;
    }

    /**
     * The source whose hosts come next: Ansible gives each host {@code inventory_file} (the source, absolute) and
     * {@code inventory_dir} (its directory; None for a host list such as {@code -i web1,web2,}) of the source that named
     * it first, as the host's own lowest variables.
     */
    void source(String file, String dir) {
        sourceFile = file;
        sourceDir = dir;
    }

    /** Adds host to group (creating both as needed); later appearances override earlier values of the same variable. */
    void addHost(String group, String host, Map<String, Object> vars) {
        group(group);
        hosts.computeIfAbsent(host, h -> {
            Map<String, Object> own = new LinkedHashMap<>();
            own.put(Inventory.INVENTORY_FILE, sourceFile);
            own.put(Inventory.INVENTORY_DIR, sourceDir);
            return own;
        }).putAll(vars);
        List<String> members = groups.get(group).hosts;
        if (!members.contains(host)) members.add(host);
    }

    void setGroupVar(String group, String key, Object value) {
        group(group);
        groups.get(group).vars.put(key, value);
    }

    Set<String> hostNames() {
        return hosts.keySet();
    }

    Set<String> groupNames() {
        return groups.keySet();
    }

    private Set<String> descendants(String group) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(List.of(group));
        while (!todo.isEmpty()) {
            for (String kid : groups.get(todo.remove(0)).children) {
                if (seen.add(kid)) todo.add(kid);
            }
        }
        return seen;
    }

    /** Ansible's reconcile_inventory: parentless groups go under all; hosts in no real group go to ungrouped, others leave it. */
    Inventory build(VarLayers layers) {
        for (String name : groups.keySet()) {
            if (!name.equals("all") && groups.get(name).parents.isEmpty()) addChild("all", name);
        }
        List<String> ungrouped = groups.get("ungrouped").hosts;
        for (String host : hosts.keySet()) {
            boolean inRealGroup = groups.entrySet().stream()
                    .anyMatch(e -> !e.getKey().equals("all") && !e.getKey().equals("ungrouped") && e.getValue().hosts.contains(host));
            if (inRealGroup) ungrouped.remove(host);
            else if (!ungrouped.contains(host)) ungrouped.add(host);
        }
        Map<String, Host> hostMap = new LinkedHashMap<>();
        hosts.forEach((name, vars) -> hostMap.put(name, new Host(name, vars)));
        Map<String, Group> groupMap = new LinkedHashMap<>();
        groups.forEach((name, d) -> groupMap.put(name, new Group(name, d.vars, d.children, d.hosts)));
        return new Inventory(hostMap, groupMap, layers);
    }
}
