package dev.opsctl.exec;

import dev.opsctl.plan.RunResult;
import dev.opsctl.transport.Connector;
import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.InputException;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.inventory.InventoryLoader;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.playbook.Playbook;
import dev.opsctl.playbook.PlaybookLoader;
import dev.opsctl.template.Templater;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A playbook with its inventory, loaded and checked: everything wrong is reported before any host is contacted. */
public record Workload(Playbook playbook, Inventory inventory, Map<String, Object> extraVars, ModuleRegistry modules,
                       Templater templater) {

    /** Loads the playbook and inventory, and checks variables; throws one {@link InputException} with every problem. */
    public static Workload load(Path playbookFile, List<Path> inventories, Map<String, Object> extraVars, String limit) {
        ModuleRegistry modules = ModuleRegistry.builtin();
        Diagnostics problems = new Diagnostics();
        // What loaded of a playbook with errors is still checked for undefined variables: validate reports every problem.
        Playbook playbook = PlaybookLoader.load(playbookFile, modules, problems);
        Path dir = playbookFile.toAbsolutePath().getParent();
        Inventory inventory;
        try {
            inventory = InventoryLoader.load(inventories, dir);
        } catch (InputException e) {
            // Without the inventory's variables, every variable it defines would look undefined.
            problems.addAll(e);
            problems.throwIfAny();
            throw e;
        }
        Templater templater = new Templater();
        Workload w = new Workload(playbook, inventory, extraVars, modules, templater);
        new VariableCheck(w, limit, problems).check();
        problems.throwIfAny();
        return w;
    }

    public RunResult run(RunSettings settings, Connector connector) {
        return run(settings, connector, Progress.NONE);
    }

    public RunResult run(RunSettings settings, Connector connector, Progress progress) {
        return new Runner(inventory, playbook, settings, templater, modules, connector, progress).run();
    }
}
