package dev.opsctl.exec;

import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.access.HostAccess;
import java.util.List;
import java.util.Map;

/** {@code opsctl facts}: gathers Ansible's facts from hosts in parallel, one exec per host. */
public final class FactsRun {
    /** One host's facts, or why it could not be reached. */
    public record HostFactsResult(String host, Map<String, Object> facts, String unreachable) {}

    private FactsRun() {}

    public static List<HostFactsResult> collect(Inventory inventory, List<Host> hosts, HostFacts query, HostAccess access, int forks) {
        return Parallel.map(hosts, forks, "opsctl-facts", h -> one(inventory, h, query, access));
    }

    /** As Ansible's setup: the host reached through its rendered connection variables, as its become user when it has one. */
    private static HostFactsResult one(Inventory inventory, Host h, HostFacts query, HostAccess access) {
        try (HostAccess.Opened host = access.openHost(inventory, h.name())) {
            Facts facts = new Facts();
            FactBatch.gather(host.commands(), List.of(query), facts);
            return new HostFactsResult(h.name(), facts.get(query), null);
        } catch (TransportException e) {
            return new HostFactsResult(h.name(), null, e.getMessage());
        }
    }
}
