package dev.opsctl.module.service;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.ServicesQuery;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.util.List;
import java.util.Map;

/** Ansible's {@code service_facts}: {@code ansible_facts.services}, every service with its state, read in the fact exec. */
public final class ServiceFactsModule implements HostModule<Boolean> {
    @Override
    public String name() {
        return "service_facts";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of();
    }

    @Override
    public Boolean parse(Args args, ModuleContext ctx) {
        return Boolean.TRUE;
    }

    @Override
    public List<FactQuery<?>> facts(Boolean none) {
        return List.of(ServicesQuery.INSTANCE);
    }

    /** Nothing changes; the listing rides along as the (unchanged) predicted state, for {@link #registered}. */
    @Override
    public Planned plan(Boolean none, Facts facts) {
        return new Planned(Change.none("service facts", "read the service list"),
                List.of(new FactUpdate<>(ServicesQuery.INSTANCE, facts.get(ServicesQuery.INSTANCE))));
    }

    @Override
    public Map<String, Object> registered(Boolean none, Planned planned, ExecResult last) {
        return Map.of("ansible_facts", Map.of("services", planned.predicted().get(0).value()));
    }
}
