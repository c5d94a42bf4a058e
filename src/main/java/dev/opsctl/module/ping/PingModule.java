package dev.opsctl.module.ping;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.util.List;
import java.util.Map;

/** Ansible's {@code ping}: the host answers over the connection and its shell runs ({@code sh}, not Python); {@code ping: DATA}. */
public final class PingModule implements HostModule<String> {
    @Override
    public String name() {
        return "ping";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("data");
    }

    @Override
    public String parse(Args args, ModuleContext ctx) {
        String data = args.string("data");
        return data == null ? "pong" : data;
    }

    @Override
    public List<FactQuery<?>> facts(String data) {
        return List.of(new ShellAnswers());
    }

    @Override
    public Planned plan(String data, Facts facts) {
        if (!facts.get(new ShellAnswers())) throw new PlanException("the host's shell did not answer");
        // ping.py raises on purpose with data=crash, to test error handling.
        if (data.equals("crash")) throw new PlanException("boom");
        return new Planned(Change.none("ping", "the host answered"));
    }

    @Override
    public Map<String, Object> registered(String data, Planned planned, ExecResult last) {
        return Map.of("ping", data);
    }
}
