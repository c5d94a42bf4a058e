package dev.opsctl.journal;

import dev.opsctl.inventory.Inventory;
import dev.opsctl.safety.Protection;
import java.util.Collection;
import java.util.List;

/**
 * {@code opsctl_require_reason: true} on a host (or its group): a run that could change it must say why
 * ({@code --reason}) and under which change ({@code --ticket}), so its journal entry answers both.
 */
public final class RequiredReason {
    public static final String VAR = "opsctl_require_reason";

    private RequiredReason() {}

    /** Why the run must be refused, or null: names the hosts that require what is missing. */
    public static String refusal(Inventory inv, Collection<String> hosts, String reason, String ticket) {
        List<String> requiring = hosts.stream().filter(h -> Protection.truthy(inv.hostVars(h).get(VAR))).sorted().toList();
        boolean noReason = reason == null || reason.isBlank();
        boolean noTicket = ticket == null || ticket.isBlank();
        if (requiring.isEmpty() || !noReason && !noTicket) return null;
        String missing = noReason && noTicket ? "--reason and --ticket" : noReason ? "--reason" : "--ticket";
        String names = requiring.size() > 10 ? String.join(", ", requiring.subList(0, 10)) + ", ..." : String.join(", ", requiring);
        return (requiring.size() == 1 ? "host " : requiring.size() + " hosts ") + names + " require" + (requiring.size() == 1 ? "s " : " ")
                + missing + " (" + VAR + "): say why this run changes " + (requiring.size() == 1 ? "it" : "them")
                + " and under which change ticket; nothing was changed";
    }
}
