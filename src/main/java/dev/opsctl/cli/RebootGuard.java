package dev.opsctl.cli;

import dev.opsctl.diag.Suggest;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.inventory.InventoryChoice;
import dev.opsctl.safety.Protection;
import dev.opsctl.safety.Targets;
import dev.opsctl.term.Escape;
import dev.opsctl.term.Terminal;
import java.io.PrintWriter;
import java.util.List;
import java.util.TreeSet;

/** What {@code opsctl reboot} and its {@code --dry-run} both check before any host is looked at. */
final class RebootGuard {
    private RebootGuard() {}

    /** The hosts PATTERN selects; none is an error naming the closest group or host, or the missing inventory. */
    static List<Host> select(Inventory inv, String pattern, InventoryChoice choice) {
        List<Host> hosts = inv.select(pattern);
        if (!hosts.isEmpty()) return hosts;
        if (choice.implicitOnly()) {
            throw new CliException(ExitCode.INVALID_INPUT, "no hosts match '" + Escape.text(pattern) + "': " + Targets.NO_INVENTORY);
        }
        TreeSet<String> names = new TreeSet<>(inv.groups().keySet());
        inv.hosts().forEach(h -> names.add(h.name()));
        throw new CliException(ExitCode.INVALID_INPUT, "no hosts match '" + Escape.text(pattern) + "'" + Suggest.didYouMean(pattern, names));
    }

    /**
     * The dry run's view of protection: without a terminal it refuses as the real run would; on one it says what the
     * real run will ask instead of asking.
     */
    static boolean dryRunProtection(ProtectionOptions protection, Inventory inv, List<Host> hosts, Terminal terminal, PrintWriter out) {
        List<String> names = hosts.stream().map(Host::name).toList();
        if (!terminal.interactive() || !protection.missingFor(inv, names)) {
            return protection.confirmed(inv, names, Terminal.none(), false, "reboot");
        }
        out.println("The real run will ask you to type: " + String.join(" ", Protection.of(inv, names).missing(protection.confirm)));
        return true;
    }
}
