package dev.opsctl.safety;

import dev.opsctl.diag.InputException;
import dev.opsctl.diag.Source;
import dev.opsctl.diag.Suggest;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.playbook.Play;
import dev.opsctl.term.Escape;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hosts a run reaches, worked out before any connection, and what is said out loud about them: a play whose
 * {@code hosts:} matches no host is a warning (with its file:line and a "did you mean"), a {@code --limit} that leaves
 * the run no host is an error, as in Ansible.
 *
 * @param hosts    every host some play runs on, narrowed by --limit, in first-seen order
 * @param warnings lines to show the operator, each starting with "warning: "
 */
public record Targets(Set<String> hosts, List<String> warnings) {
    /** Why nothing matched when no inventory was found. */
    public static final String NO_INVENTORY = "no inventory was given or found (-i, ANSIBLE_INVENTORY, inventory in ansible.cfg, "
            + "/etc/ansible/hosts), and the implicit localhost is not part of 'all' or any group";

    public Targets {
        hosts = Set.copyOf(new LinkedHashSet<>(hosts));
        warnings = List.copyOf(warnings);
    }

    /**
     * @param implicitOnly no inventory was found: only the implicit localhost exists
     * @throws InputException when {@code limit} leaves the run with no host
     */
    public static Targets of(Inventory inv, List<Play> plays, String limit, boolean implicitOnly) {
        List<String> warnings = new ArrayList<>();
        Set<String> names = names(inv);
        Set<String> limited = null;
        if (limit != null) {
            limited = new LinkedHashSet<>();
            for (Host h : inv.select(limit)) limited.add(h.name());
        }
        Set<String> hosts = new LinkedHashSet<>();
        boolean anyPlayMatched = false;
        for (Play play : plays) {
            List<Host> selected = inv.select(play.hosts());
            if (selected.isEmpty()) {
                warnings.add("warning: " + play.at() + ": hosts '" + Escape.text(play.hosts()) + "' matches no host"
                        + unmatched(play.hosts(), inv, names, implicitOnly));
                continue;
            }
            anyPlayMatched = true;
            for (Host h : selected) {
                if (limited == null || limited.contains(h.name())) hosts.add(h.name());
            }
        }
        if (limit != null && (limited.isEmpty() || hosts.isEmpty() && anyPlayMatched)) {
            String why = limited.isEmpty() ? "matches no host in the inventory" + unmatched(limit, inv, names, implicitOnly)
                    : "leaves no host to run on (it matches " + String.join(", ", limited) + ", which no play selects)";
            throw new InputException(Source.of("--limit"), "'" + Escape.text(limit) + "' " + why);
        }
        return new Targets(hosts, warnings);
    }

    /** Why a pattern matched nothing: no inventory, or the terms that name nothing, with the closest names. */
    private static String unmatched(String pattern, Inventory inv, Set<String> names, boolean implicitOnly) {
        if (implicitOnly) {
            return ": " + NO_INVENTORY;
        }
        List<String> hints = new ArrayList<>();
        for (String term : pattern.split("[,:]")) {
            String t = term.strip().replaceFirst("^[&!]", "");
            if (t.isEmpty() || t.startsWith("~") || t.matches(".*[*?\\[].*")) continue;
            if (inv.select(t).isEmpty()) {
                String close = Suggest.closest(t, names);
                hints.add("'" + Escape.text(t) + "' names no group or host" + (close == null ? "" : " (did you mean '" + close + "'?)"));
            }
        }
        return hints.isEmpty() ? "" : ": " + String.join("; ", hints);
    }

    private static Set<String> names(Inventory inv) {
        Set<String> names = new TreeSet<>(inv.groups().keySet());
        inv.hosts().forEach(h -> names.add(h.name()));
        return names;
    }
}
