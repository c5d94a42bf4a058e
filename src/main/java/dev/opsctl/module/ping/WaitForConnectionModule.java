package dev.opsctl.module.ping;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
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

/**
 * Ansible's {@code wait_for_connection}. opsctl connects to a host before its first task and keeps that connection for
 * the run (reboot waits for the host itself), so by the time this task runs the host is reachable: it checks that the
 * host's shell answers on it and returns at once.
 */
public final class WaitForConnectionModule implements HostModule<Integer> {
    @Override
    public String name() {
        return "wait_for_connection";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("connect_timeout", "delay", "sleep", "timeout");
    }

    @Override
    public Integer parse(Args args, ModuleContext ctx) {
        for (String n : List.of("connect_timeout", "delay", "sleep", "timeout")) {
            String v = args.string(n);
            if (v != null && !v.strip().matches("\\d+")) throw new ArgException("argument '" + n + "' must be a whole number of seconds, not '" + v + "'");
        }
        String timeout = args.string("timeout");
        return timeout == null ? 600 : Integer.parseInt(timeout.strip());
    }

    @Override
    public List<FactQuery<?>> facts(Integer timeout) {
        return List.of(new ShellAnswers());
    }

    @Override
    public Planned plan(Integer timeout, Facts facts) {
        if (!facts.get(new ShellAnswers())) throw new PlanException("timed out waiting for ping module test: the host's shell did not answer");
        return new Planned(Change.none("wait_for_connection", "connected"));
    }

    @Override
    public Map<String, Object> registered(Integer timeout, Planned planned, ExecResult last) {
        return Map.of("elapsed", 0);
    }
}
