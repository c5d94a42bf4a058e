package dev.opsctl.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hosts, groups and inventory variables, read as Ansible reads them.
 *
 * <p>{@link #hostVars} merges variables from low to high precedence, in the order Ansible 2.14 uses with its default
 * {@code VARIABLE_PRECEDENCE} (checked with {@code ansible-inventory --host} and {@code ansible-playbook}):
 * <ol>
 *   <li>{@code all} group vars from the inventory files</li>
 *   <li>other group vars from the inventory files</li>
 *   <li>inventory-side {@code group_vars/all}</li>
 *   <li>playbook-side {@code group_vars/all}</li>
 *   <li>inventory-side {@code group_vars/<group>}</li>
 *   <li>playbook-side {@code group_vars/<group>}</li>
 *   <li>host vars from the inventory files</li>
 *   <li>inventory-side {@code host_vars/<host>}</li>
 *   <li>playbook-side {@code host_vars/<host>}</li>
 * </ol>
 * Within a level, groups apply parents before children (by depth below {@code all}), then by
 * {@code ansible_group_priority} (default 1, set in the inventory file), then by name; with several {@code -i}
 * sources, a later source wins. A higher level replaces a value wholesale (hash_behaviour=replace).
 * Values are raw: templates are rendered later.
 */
public final class Inventory {
    static final Set<String> LOCALHOST_NAMES = Set.of("localhost", "127.0.0.1", "::1");
    /** Ansible's magic host variables naming the inventory source that first named the host. */
    public static final String INVENTORY_FILE = "inventory_file";
    public static final String INVENTORY_DIR = "inventory_dir";
    private static final Map<String, Object> LOCAL_CONNECTION = Map.of("ansible_connection", "local");

    private final Map<String, Host> hosts;
    private final Map<String, Group> groups;
    private final VarLayers layers;
    private final Map<String, Integer> depth = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();

    Inventory(Map<String, Host> hosts, Map<String, Group> groups, VarLayers layers) {
        this.hosts = Collections.unmodifiableMap(new LinkedHashMap<>(hosts));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        this.layers = layers;
        for (String host : hosts.keySet()) position.put(host, position.size());
        computeDepth("all", 0);
    }

    /**
     * What Ansible uses without an inventory: no hosts, only the implicit {@code localhost} (with
     * {@code ansible_connection=local}) that a pattern naming it matches, and {@code all} does not.
     */
    public static Inventory implicitLocalhost() {
        return new InventoryBuilder().build(VarLayers.NONE);
    }

    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }

    public Map<String, Group> groups() {
        return groups;
    }

    /** Ansible's {@code group_names}: every group holding the host directly or through children, sorted, without {@code all}. */
    public List<String> groupNames(String host) {
        Set<String> names = new TreeSet<>(ancestors(host));
        names.remove("all");
        return List.copyOf(names);
    }

    /** Ansible's {@code groups} variable: each group's hosts, its own first, then its children's level by level. */
    public Map<String, List<String>> groupsVar() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String g : groups.keySet()) out.put(g, groupHosts(g));
        return Collections.unmodifiableMap(out);
    }

    /** The host's inventory variables merged in the precedence order of this class's documentation. */
    public Map<String, Object> hostVars(String host) {
        Map<String, Object> own;
        List<String> sorted;
        if (hosts.containsKey(host)) {
            own = hosts.get(host).vars();
            sorted = new ArrayList<>(ancestors(host));
            sorted.remove("all");
            sorted.sort(Comparator.comparing((String g) -> depth.getOrDefault(g, 1))
                    .thenComparing(this::priority)
                    .thenComparing(Comparator.naturalOrder()));
        } else if (LOCALHOST_NAMES.contains(host)) {
            // Ansible's implicit localhost copies the all group's inventory vars into its own, under ansible_connection
            own = new LinkedHashMap<>(groups.get("all").vars());
            own.putAll(LOCAL_CONNECTION);
            sorted = List.of();
        } else {
            throw new IllegalArgumentException("host '" + host + "' is not in the inventory");
        }
        Map<String, Object> vars = new LinkedHashMap<>(groups.get("all").vars());
        for (String g : sorted) vars.putAll(groups.get(g).vars());
        for (VarsDir dir : layers.inventorySide()) vars.putAll(dir.group("all"));
        vars.putAll(layers.playbookSide().group("all"));
        for (VarsDir dir : layers.inventorySide()) {
            for (String g : sorted) vars.putAll(dir.group(g));
        }
        for (String g : sorted) vars.putAll(layers.playbookSide().group(g));
        vars.putAll(own);
        for (VarsDir dir : layers.inventorySide()) vars.putAll(dir.host(host));
        vars.putAll(layers.playbookSide().host(host));
        return Collections.unmodifiableMap(vars);
    }

    /** Whether the group's own variables (inventory file or a group_vars/ file, not a parent's) set {@code name}, and to what. */
    public Optional<Object> ownGroupVar(String group, String name) {
        List<Map<String, Object>> levels = new ArrayList<>();
        if (groups.containsKey(group)) levels.add(groups.get(group).vars());
        for (VarsDir dir : layers.inventorySide()) levels.add(dir.group(group));
        levels.add(layers.playbookSide().group(group));
        return lastSet(levels, name);
    }

    /** Whether the host's own variables (inventory file or a host_vars/ file) set {@code name}, and to what. */
    public Optional<Object> ownHostVar(String host, String name) {
        List<Map<String, Object>> levels = new ArrayList<>();
        if (hosts.containsKey(host)) levels.add(hosts.get(host).vars());
        for (VarsDir dir : layers.inventorySide()) levels.add(dir.host(host));
        levels.add(layers.playbookSide().host(host));
        return lastSet(levels, name);
    }

    private static Optional<Object> lastSet(List<Map<String, Object>> levels, String name) {
        Optional<Object> value = Optional.empty();
        for (Map<String, Object> level : levels) {
            if (level.containsKey(name)) value = Optional.ofNullable(level.get(name));
        }
        return value;
    }

    public List<Host> select(String pattern) {
        return HostPattern.parse(pattern).select(this);
    }

    /** The implicit localhost Ansible adds when a pattern names it and the inventory does not have it. */
    static Host implicitHost(String name) {
        return new Host(name, LOCAL_CONNECTION);
    }

    /** The group's hosts as Ansible's Group.get_hosts orders them: own hosts, then children breadth first. */
    List<String> groupHosts(String group) {
        List<String> order = new ArrayList<>(List.of(group));
        Set<String> seen = new LinkedHashSet<>(order);
        for (int i = 0; i < order.size(); i++) {
            for (String kid : groups.get(order.get(i)).children()) {
                if (seen.add(kid)) order.add(kid);
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String g : order) out.addAll(groups.get(g).hosts());
        return List.copyOf(out);
    }

    /** Rank of the host in inventory order (first appearance); hosts outside the inventory sort last. */
    int position(String host) {
        return position.getOrDefault(host, Integer.MAX_VALUE);
    }

    private Set<String> ancestors(String host) {
        Set<String> out = new LinkedHashSet<>();
        for (Group g : groups.values()) {
            if (g.hosts().contains(host)) out.add(g.name());
        }
        List<String> todo = new ArrayList<>(out);
        while (!todo.isEmpty()) {
            String child = todo.remove(0);
            for (Group g : groups.values()) {
                if (g.children().contains(child) && out.add(g.name())) todo.add(g.name());
            }
        }
        return out;
    }

    /** Ansible's group depth: the longest path from all, so a group nested anywhere applies after its parents. */
    private void computeDepth(String group, int d) {
        if (depth.getOrDefault(group, -1) >= d) return;
        depth.put(group, d);
        for (String kid : groups.get(group).children()) computeDepth(kid, d + 1);
    }

    private int priority(String group) {
        Object p = groups.get(group).vars().get("ansible_group_priority");
        if (p instanceof Number n) return n.intValue();
        if (p instanceof String s && s.trim().matches("-?[0-9]+")) return Integer.parseInt(s.trim());
        return 1;
    }
}
