package dev.opsctl.plan;

import java.util.List;
import java.util.Optional;

/** What a run plans (or did) on every host: the one model that reports and saved plans read. */
public record Plan(List<HostPlan> hosts) {
    public Plan {
        hosts = List.copyOf(hosts);
    }

    public Optional<HostPlan> host(String name) {
        return hosts.stream().filter(h -> h.name().equals(name)).findFirst();
    }
}
