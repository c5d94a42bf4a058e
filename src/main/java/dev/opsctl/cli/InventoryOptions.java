package dev.opsctl.cli;

import dev.opsctl.config.Environment;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.inventory.InventoryChoice;
import dev.opsctl.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code -i/--inventory}, shared by every command that reads an inventory. */
public final class InventoryOptions {
    // Inherited: `opsctl inventory graph -i INV` reads as well as `opsctl inventory -i INV graph`.
    @Option(names = {"-i", "--inventory"}, paramLabel = "INV", scope = ScopeType.INHERIT,
            description = "Inventory file or directory (YAML or INI); repeatable. Default: ANSIBLE_INVENTORY, else inventory "
                    + "in ansible.cfg, else /etc/ansible/hosts, else none (only localhost, which 'all' does not match).")
    List<Path> inventories = new ArrayList<>();

    /** Inventories and the vars files beside them may be vaulted. */
    @Mixin
    VaultOptions vault = new VaultOptions();

    private InventoryChoice choice;

    /** The inventory this run uses (resolved once); {@link #inventories} holds its sources from then on. */
    InventoryChoice choice() {
        if (choice == null) {
            choice = InventoryChoice.resolve(inventories, Environment.current());
            inventories = new ArrayList<>(choice.sources());
        }
        return choice;
    }

    /** A saved plan's inventory, used as it was when the plan was made. */
    void useSaved(List<Path> sources) {
        choice = new InventoryChoice(sources, "saved plan");
        inventories = new ArrayList<>(sources);
    }

    Inventory load(Path playbookDir) {
        return InventoryLoader.load(choice().sources(), playbookDir);
    }
}
