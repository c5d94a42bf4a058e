package dev.opsctl.safety;

import dev.opsctl.inventory.Inventory;
import java.util.Collection;
import java.util.Optional;

/**
 * The second guard: a run may select at most N hosts ({@code --max-hosts N}, else the smallest
 * {@code opsctl_max_hosts} among the selected hosts' inventory variables), checked before anything happens.
 */
public final class HostCap {
    public static final String VAR = "opsctl_max_hosts";

    private HostCap() {}

    /** The refusal, or empty when the run may go on. */
    public static Optional<String> check(Inventory inv, Collection<String> hosts, Integer maxHostsOption) {
        Integer cap = maxHostsOption;
        String from = "--max-hosts";
        if (cap == null) {
            for (String h : hosts) {
                Object v = inv.hostVars(h).get(VAR);
                Integer n = v instanceof Number num ? Integer.valueOf(num.intValue())
                        : v instanceof String s && s.strip().matches("[0-9]+") ? Integer.valueOf(s.strip()) : null;
                if (n != null && (cap == null || n < cap)) {
                    cap = n;
                    from = VAR + " in the inventory";
                }
            }
        }
        if (cap == null || hosts.size() <= cap) return Optional.empty();
        return Optional.of("refusing to run on " + hosts.size() + " hosts: " + from + " allows " + cap
                + (maxHostsOption == null ? " (give --max-hosts " + hosts.size() + " to allow this run)" : "")
                + "; narrow the run with --limit. Nothing was done.");
    }
}
