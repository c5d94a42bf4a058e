package dev.opsctl.cli;

import dev.opsctl.inventory.Inventory;
import dev.opsctl.inventory.InventoryLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code -i/--inventory}, shared by every command that reads an inventory. */
public final class InventoryOptions {
    @Option(names = {"-i", "--inventory"}, paramLabel = "INV",
            description = "Inventory file or directory (YAML or INI); repeatable. Default: an implicit localhost.")
    List<Path> inventories = new ArrayList<>();

    /** Inventories and the vars files beside them may be vaulted. */
    @Mixin
    VaultOptions vault = new VaultOptions();

    Inventory load(Path playbookDir) {
        return InventoryLoader.load(inventories, playbookDir);
    }
}
