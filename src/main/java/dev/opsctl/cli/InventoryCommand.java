package dev.opsctl.cli;

import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.inventory.InventoryGraph;
import dev.opsctl.json.Json;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl inventory list|graph|host NAME}: what an inventory holds, as opsctl reads it. */
@Command(mixinStandardHelpOptions = true, name = "inventory", description = "Show an inventory as opsctl reads it.", modelTransformer = ExitCode.Listed.class)
final class InventoryCommand {
    @Mixin
    InventoryOptions inventory = new InventoryOptions();

    @Spec
    CommandSpec spec;

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Every host matching a pattern (default all), one per line.")
    int list(@Parameters(index = "0", arity = "0..1", paramLabel = "PATTERN", defaultValue = "all") String pattern) {
        PrintWriter out = spec.commandLine().getOut();
        for (Host h : load().select(pattern)) out.println(h.name());
        out.flush();
        return ExitCode.OK;
    }

    @Command(name = "graph", mixinStandardHelpOptions = true, description = "The group tree, like ansible-inventory --graph.")
    int graph() {
        PrintWriter out = spec.commandLine().getOut();
        out.println(InventoryGraph.render(load()));
        out.flush();
        return ExitCode.OK;
    }

    @Command(name = "host", mixinStandardHelpOptions = true, description = "One host's merged variables, as JSON.")
    int host(@Parameters(index = "0", paramLabel = "NAME") String name) {
        Inventory inv = load();
        if (inv.host(name).isEmpty()) throw new CliException(ExitCode.INVALID_INPUT, "no host '" + name + "' in the inventory");
        Map<String, Object> vars = new TreeMap<>(inv.hostVars(name));
        // as ansible-inventory --host: the source of the host is no variable of it to show
        vars.remove(Inventory.INVENTORY_FILE);
        vars.remove(Inventory.INVENTORY_DIR);
        PrintWriter out = spec.commandLine().getOut();
        out.println(Json.pretty(new LinkedHashMap<>(vars)));
        out.flush();
        return ExitCode.OK;
    }

    private Inventory load() {
        return inventory.load(null);
    }
}
