package dev.opsctl.module.slurp;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ansible's {@code slurp}: never changes anything; {@code register:} gets the file's {@code content} (base64),
 * {@code encoding} ({@code base64}) and {@code source}. Read in the plan too, so {@code b64decode} on it works there.
 */
public final class SlurpModule implements HostModule<String> {
    @Override
    public String name() {
        return "slurp";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("src", "path");
    }

    @Override
    public String parse(Args args, ModuleContext ctx) {
        return args.requiredString("src", "path");
    }

    @Override
    public List<FactQuery<?>> facts(String src) {
        return List.of(new SlurpQuery(src));
    }

    @Override
    public Planned plan(String src, Facts facts) {
        SlurpQuery q = new SlurpQuery(src);
        SlurpQuery.Answer a = facts.get(q);
        // A file an earlier task of this run is predicted to write (or remove) is read as it will be then.
        FileQuery file = new FileQuery(src, true);
        if (facts.has(file)) {
            FileState f = facts.get(file);
            if (f instanceof FileState.Present p && p.kind() == FileState.Kind.FILE && p.content() != null) {
                a = new SlurpQuery.Answer(Base64.getEncoder().encodeToString(p.content()), null);
            } else if (f instanceof FileState.Absent) {
                a = new SlurpQuery.Answer(null, "file not found: " + src);
            }
        }
        if (a.problem() != null) throw new PlanException(a.problem());
        // The answer rides along as a (non-changing) prediction so that register: can report it.
        return new Planned(Change.none("slurp " + src, "read only"), List.of(new FactUpdate<>(q, a)));
    }

    @Override
    public Map<String, Object> registered(String src, Planned planned, ExecResult last) {
        SlurpQuery.Answer a = (SlurpQuery.Answer) planned.predicted().get(0).value();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("content", a.base64());
        out.put("encoding", "base64");
        out.put("source", src);
        return out;
    }
}
