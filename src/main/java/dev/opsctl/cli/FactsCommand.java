package dev.opsctl.cli;

import dev.opsctl.exec.FactsRun;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl facts PATTERN}: the Ansible-named facts of each host, as JSON. */
@Command(mixinStandardHelpOptions = true, name = "facts", description = "Gather facts from hosts and print them as JSON.",
        modelTransformer = ExitCode.Listed.class)
final class FactsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PATTERN", defaultValue = "all", description = "Hosts (default all).")
    String pattern;

    @Mixin
    InventoryOptions inventory = new InventoryOptions();

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Option(names = "--subset", split = ",", paramLabel = "SUBSET", description = "gather_subset, e.g. min,network or !hardware (default all).")
    List<String> subset = new ArrayList<>(List.of("all"));

    @Option(names = {"-f", "--forks"}, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    int forks = 50;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Inventory inv = inventory.load(null);
        List<Host> hosts = inv.select(pattern);
        if (hosts.isEmpty()) throw new CliException(ExitCode.INVALID_INPUT, "no hosts match '" + pattern + "'");
        List<FactsRun.HostFactsResult> results = FactsRun.collect(inv, hosts, HostFacts.of(subset.toArray(String[]::new)),
                connection.access(inv, null), forks);
        Map<String, Object> out = new LinkedHashMap<>();
        boolean unreachable = false;
        for (FactsRun.HostFactsResult r : results) {
            if (r.unreachable() != null) {
                unreachable = true;
                out.put(r.host(), Map.of("unreachable", r.unreachable()));
            } else {
                out.put(r.host(), Map.of("ansible_facts", r.facts()));
            }
        }
        spec.commandLine().getOut().println(Json.pretty(out));
        spec.commandLine().getOut().flush();
        return unreachable ? ExitCode.UNREACHABLE : ExitCode.OK;
    }
}
