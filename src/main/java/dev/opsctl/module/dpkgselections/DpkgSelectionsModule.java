package dev.opsctl.module.dpkgselections;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Ansible's {@code dpkg_selections}: a package's selection set with {@code dpkg --set-selections} when it differs. */
public final class DpkgSelectionsModule implements HostModule<DpkgSelectionsModule.SelectionArgs> {
    /** Typed arguments. */
    public record SelectionArgs(String name, String selection) {}

    @Override
    public String name() {
        return "dpkg_selections";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "selection").require("name", "selection");
    }

    @Override
    public SelectionArgs parse(Args args, ModuleContext ctx) {
        String name = args.requiredString("name");
        if (name.startsWith("-") || name.chars().anyMatch(Character::isWhitespace)) throw new ArgException("argument 'name': not a package name: '" + name + "'");
        return new SelectionArgs(name, args.choice("selection", null, "install", "hold", "deinstall", "purge"));
    }

    @Override
    public List<FactQuery<?>> facts(SelectionArgs a) {
        return List.of(new SelectionQuery(a.name()));
    }

    @Override
    public Planned plan(SelectionArgs a, Facts facts) {
        String current = facts.get(new SelectionQuery(a.name()));
        String summary = "dpkg selection " + a.name();
        if (current.equals(a.selection())) return new Planned(Change.none(summary, "already " + current));
        // The selection goes on standard input, where dpkg reads "NAME SELECTION" lines.
        Step step = new Step("dpkg --set-selections", (a.name() + " " + a.selection()).getBytes(StandardCharsets.UTF_8));
        return new Planned(new Change(Action.UPDATE, summary, List.of(current + " -> " + a.selection()), null, List.of(step)),
                List.of(new FactUpdate<>(new SelectionQuery(a.name()), a.selection())));
    }

    @Override
    public Map<String, Object> registered(SelectionArgs a, Planned planned, ExecResult last) {
        String before = planned.change().action().isChange() ? planned.change().details().get(0).split(" -> ")[0] : a.selection();
        return Map.of("before", before, "after", a.selection());
    }
}
