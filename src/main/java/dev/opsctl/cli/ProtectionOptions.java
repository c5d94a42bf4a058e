package dev.opsctl.cli;

import dev.opsctl.inventory.Inventory;
import dev.opsctl.safety.HostCap;
import dev.opsctl.safety.Protection;
import dev.opsctl.term.Terminal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Option;

/** The guards of a run that changes hosts: protected groups ({@code opsctl_protected}) and the host cap. */
final class ProtectionOptions {
    @Option(names = "--confirm", paramLabel = "GROUP", split = ",",
            description = "Confirm a run on protected hosts (opsctl_protected: true) by naming their group; repeatable.")
    List<String> confirm = new ArrayList<>();

    @Option(names = "--max-hosts", paramLabel = "N",
            description = "Refuse a run that selects more than N hosts (default: opsctl_max_hosts in the inventory, else no cap).")
    Integer maxHosts;

    /** Refuses (exit 3) a run over the host cap, before anything happens. */
    void checkCap(Inventory inv, Collection<String> hosts) {
        if (maxHosts != null && maxHosts < 1) throw new CliException(ExitCode.INVALID_INPUT, "--max-hosts must be at least 1");
        HostCap.check(inv, hosts, maxHosts).ifPresent(refusal -> {
            throw new CliException(ExitCode.INVALID_INPUT, refusal);
        });
    }

    /** Whether some of {@code hosts} are protected and --confirm does not name them all. */
    boolean missingFor(Inventory inv, Collection<String> hosts) {
        return !Protection.of(inv, hosts).missing(confirm).isEmpty();
    }

    /**
     * Whether the run on {@code hosts} may go on as far as protection goes: unprotected, confirmed with --confirm, or
     * (on a terminal) the operator typed the names; without a terminal an unconfirmed run is refused (exit 3) unless
     * {@code reviewed} (a saved plan). Returns false when the operator did not confirm.
     */
    boolean confirmed(Inventory inv, Collection<String> hosts, Terminal terminal, boolean reviewed, String action) {
        Protection p = Protection.of(inv, hosts);
        List<String> missing = p.missing(confirm);
        if (missing.isEmpty()) return true;
        if (!terminal.interactive()) {
            if (reviewed) return true;
            throw new CliException(ExitCode.INVALID_INPUT, "refusing to " + action + " protected hosts in " + p.describe()
                    + " without a terminal to confirm: give --confirm " + String.join(",", missing)
                    + (action.startsWith("reboot") ? "" : ", or apply a saved plan (opsctl plan -o FILE, then opsctl apply FILE)")
                    + ". Nothing was done.");
        }
        String answer = terminal.ask("This run will " + action + " protected hosts in " + p.describe() + ".\n"
                + "Type the name" + (missing.size() == 1 ? "" : "s") + " to confirm (" + String.join(" ", missing) + "): ");
        List<String> given = new ArrayList<>(confirm);
        if (answer != null) given.add(answer);
        return answer != null && p.missing(given).isEmpty();
    }
}
