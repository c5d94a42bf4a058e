package dev.opsctl.safety;

import dev.opsctl.inventory.Inventory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The protected hosts a run touches ({@code opsctl_protected: true} in the inventory, usually on a group such as
 * {@code production}), by the name that confirms them: the group that sets the variable, or the host's own name when
 * it is set on the host.
 *
 * @param byName confirmation name to the protected hosts it stands for
 */
public record Protection(Map<String, List<String>> byName) {
    public static final String VAR = "opsctl_protected";

    public static Protection of(Inventory inv, Collection<String> hosts) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (String host : hosts) {
            if (!truthy(inv.hostVars(host).get(VAR))) continue;
            Set<String> names = new TreeSet<>();
            if (inv.ownHostVar(host, VAR).map(Protection::truthy).orElse(false)) names.add(host);
            for (String g : groupsOf(inv, host)) {
                if (inv.ownGroupVar(g, VAR).map(Protection::truthy).orElse(false)) names.add(g);
            }
            if (names.isEmpty()) names.add(host);
            for (String n : names) byName.computeIfAbsent(n, k -> new ArrayList<>()).add(host);
        }
        return new Protection(byName);
    }

    public boolean any() {
        return !byName.isEmpty();
    }

    /** The names to confirm that {@code confirmed} does not cover. */
    public List<String> missing(Collection<String> confirmed) {
        Set<String> given = new TreeSet<>();
        for (String c : confirmed) {
            for (String word : c.split("[,\\s]+")) if (!word.isBlank()) given.add(word.strip());
        }
        return byName.keySet().stream().filter(n -> !given.contains(n)).toList();
    }

    /** "production (h3, h4)" for a message. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        byName.forEach((name, hosts) -> parts.add(name + " (" + hosts.size() + (hosts.size() == 1 ? " host" : " hosts") + ")"));
        return String.join(", ", parts);
    }

    private static List<String> groupsOf(Inventory inv, String host) {
        List<String> groups = new ArrayList<>(inv.groupNames(host));
        groups.add("all");
        return groups;
    }

    /** Ansible's boolean reading: true, yes, on, 1 (any case), or a non-zero number. */
    public static boolean truthy(Object v) {
        if (v instanceof Boolean b) return b;
        if (v instanceof Number n) return n.doubleValue() != 0;
        if (v instanceof String s) return Set.of("true", "yes", "on", "1", "y", "t").contains(s.strip().toLowerCase(Locale.ROOT));
        return false;
    }
}
