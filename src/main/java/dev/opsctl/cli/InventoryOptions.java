package dev.opsctl.cli;

import dev.opsctl.inventory.Inventory;
import dev.opsctl.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code -i/--inventory}, shared by every command that reads an inventory. */
public final class InventoryOptions {
    // Inherited: `opsctl inventory graph -i INV` reads as well as `opsctl inventory -i INV graph`.
    @Option(names = {"-i", "--inventory"}, paramLabel = "INV", scope = ScopeType.INHERIT,
            description = "Inventory file or directory (YAML or INI); repeatable. Default: an implicit localhost.")
    List<Path> inventories = new ArrayList<>();

    Inventory load(Path playbookDir) {
        return InventoryLoader.load(inventories, playbookDir);
    }
}
