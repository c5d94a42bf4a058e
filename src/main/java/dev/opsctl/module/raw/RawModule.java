package dev.opsctl.module.raw;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code raw}: the text run as given by the host's shell ({@code executable} if named), its errors in its output
 * as on Ansible's terminal; no facts, always RUN.
 */
public final class RawModule implements HostModule<RawModule.RawArgs> {
    /** The command as written, and the script that runs it. */
    public record RawArgs(String command, String script) {}

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("executable").withFreeForm();
    }

    @Override
    public RawArgs parse(Args args, ModuleContext ctx) {
        String raw = args.string(ArgSpec.RAW);
        if (raw == null || raw.isBlank()) throw new ArgException("raw needs a command (free form)");
        String executable = args.string("executable");
        // Ansible runs raw on a terminal (ssh -tt), where errors and output are one stream: so here too.
        return new RawArgs(raw, "exec 2>&1\n" + (executable == null ? raw : Shell.command(executable, "-c", raw)));
    }

    @Override
    public List<FactQuery<?>> facts(RawArgs a) {
        return List.of();
    }

    @Override
    public Planned plan(RawArgs a, Facts facts) {
        return new Planned(new Change(Action.RUN, a.command(), List.of(), null, List.of(new Step(a.script()))));
    }

    @Override
    public Map<String, Object> registered(RawArgs a, Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        String out = last == null ? "" : last.out();
        String err = last == null ? "" : last.err();
        r.put("rc", last == null ? 0 : last.exitCode());
        // raw gives the output as it came, its final newline included; the _lines lists are Python's splitlines().
        r.put("stdout", out);
        r.put("stdout_lines", out.lines().toList());
        r.put("stderr", err);
        r.put("stderr_lines", err.lines().toList());
        if (last != null && !last.ok()) r.put("msg", "non-zero return code");
        return r;
    }
}
