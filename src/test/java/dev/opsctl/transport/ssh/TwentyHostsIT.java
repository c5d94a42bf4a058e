package dev.opsctl.transport.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * Smoke test at fleet scale: targets built from the fleet's Ansible inventory, one connection per host,
 * all at once, each host answers with its own name.
 */
@FleetHosts(20)
class TwentyHostsIT {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("unchecked")
    void connectsToTwentyHostsInParallelAndEachAnswersWithItsOwnName(Fleet fleet) throws Exception {
        SshConnector connector = new SshConnector(HostKeys.load(fleet.knownHosts(), false));
        Path inventory = tmp.resolve("inventory.yml");
        fleet.inventory(inventory);
        Map<String, Object> all = (Map<String, Object>) new Yaml().<Map<String, Object>>load(Files.readString(inventory)).get("all");
        Map<String, Map<String, Object>> hostVars = (Map<String, Map<String, Object>>) all.get("hosts");
        assertThat(hostVars).hasSize(20);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            Instant t1 = Instant.now();
            List<Future<String>> answers = new ArrayList<>();
            for (Map.Entry<String, Map<String, Object>> host : hostVars.entrySet()) {
                SshTarget t = SshTarget.fromVars(host.getKey(), host.getValue());
                answers.add(pool.submit(() -> {
                    try (SshConnection c = connector.connect(t)) {
                        return c.exec("hostname").out().strip();
                    }
                }));
            }
            List<String> names = new ArrayList<>();
            for (Future<String> a : answers) names.add(a.get());
            System.out.printf("connect + exec hostname on 20 hosts in parallel: %d ms%n", Duration.between(t1, Instant.now()).toMillis());
            assertThat(names).isEqualTo(fleet.hosts().stream().map(FleetHost::name).toList());
        } finally {
            pool.shutdownNow();
        }
    }
}
