package dev.opsctl.exec;

import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.transport.Connection;
import dev.opsctl.transport.TransportException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** {@code opsctl facts}: gathers Ansible's facts from hosts in parallel, one exec per host. */
public final class FactsRun {
    /** One host's facts, or why it could not be reached. */
    public record HostFactsResult(String host, Map<String, Object> facts, String unreachable) {}

    private FactsRun() {}

    public static List<HostFactsResult> collect(Inventory inventory, List<Host> hosts, HostFacts query, Connector connector,
                                                int forks) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(forks, Math.max(1, hosts.size()))), r -> {
            Thread t = new Thread(r, "opsctl-facts");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HostFactsResult>> futures = new ArrayList<>();
            for (Host h : hosts) futures.add(pool.submit(() -> one(inventory, h, query, connector)));
            List<HostFactsResult> out = new ArrayList<>();
            for (Future<HostFactsResult> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static HostFactsResult one(Inventory inventory, Host h, HostFacts query, Connector connector) {
        Map<String, Object> vars = new LinkedHashMap<>(inventory.hostVars(h.name()));
        try (Connection conn = connector.open(h.name(), vars)) {
            Facts facts = new Facts();
            FactBatch.gather(conn, List.of(query), facts);
            return new HostFactsResult(h.name(), facts.get(query), null);
        } catch (TransportException e) {
            return new HostFactsResult(h.name(), null, e.getMessage());
        }
    }
}
