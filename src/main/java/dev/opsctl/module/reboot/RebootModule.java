package dev.opsctl.module.reboot;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.ProcedureModule;
import dev.opsctl.module.ProcedureResult;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.Reconnectable;
import dev.opsctl.transport.TransportException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code reboot}: reboots the host and waits until it is back with a new boot id and a passing
 * {@code test_command} (see {@link RebootProcedure}). Always RUN; nothing happens in plan.
 */
public final class RebootModule implements ProcedureModule<RebootSpec> {
    @Override
    public String name() {
        return "reboot";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("reboot_timeout", "reboot_timeout_sec", "connect_timeout", "connect_timeout_sec", "pre_reboot_delay",
                "pre_reboot_delay_sec", "post_reboot_delay", "post_reboot_delay_sec", "test_command", "msg", "reboot_command");
    }

    @Override
    public RebootSpec parse(Args args, ModuleContext ctx) {
        RebootSpec d = RebootSpec.defaults();
        Duration timeout = seconds(args, d.rebootTimeout(), "reboot_timeout", "reboot_timeout_sec");
        if (timeout.isZero()) throw new ArgException("argument 'reboot_timeout' must be more than 0 seconds");
        Duration connect = args.has("connect_timeout") || args.has("connect_timeout_sec")
                ? seconds(args, null, "connect_timeout", "connect_timeout_sec") : null;
        String test = args.string("test_command");
        String command = args.string("reboot_command");
        if (test != null && test.isBlank()) throw new ArgException("argument 'test_command' is empty");
        if (command != null && command.isBlank()) throw new ArgException("argument 'reboot_command' is empty");
        return new RebootSpec(timeout, connect, seconds(args, Duration.ZERO, "pre_reboot_delay", "pre_reboot_delay_sec"),
                seconds(args, Duration.ZERO, "post_reboot_delay", "post_reboot_delay_sec"),
                test == null ? d.testCommand() : test, args.string("msg") == null ? d.msg() : args.string("msg"), command);
    }

    /** Whole seconds, as Ansible's int arguments; the first name is the argument, the rest its aliases. */
    private static Duration seconds(Args args, Duration fallback, String... names) {
        String v = args.string(names);
        if (v == null) return fallback;
        try {
            long s = Long.parseLong(v.strip());
            if (s < 0) throw new NumberFormatException();
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new ArgException("argument '" + names[0] + "' must be a whole number of seconds, not '" + v + "'");
        }
    }

    @Override
    public Change plan(RebootSpec spec) {
        return new Change(Action.RUN, "reboot (back within " + spec.rebootTimeout().toSeconds() + " s, then: " + spec.testCommand() + ")",
                List.of(), null, List.of());
    }

    @Override
    public ProcedureResult run(RebootSpec spec, Reconnectable host) throws TransportException {
        RebootProcedure.Outcome o = new RebootProcedure(spec, event -> { }).run(host);
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("rebooted", o.rebooted());
        reg.put("elapsed", o.elapsed().toSeconds());
        if (!o.rebooted()) reg.put("msg", o.failure());
        return new ProcedureResult(o.failure(), reg);
    }
}
