package dev.opsctl.module.setup;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.inventory.Fnmatch;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Change;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ansible's {@code setup} as a task: the host facts opsctl gathers (the same query as a play's gather_facts), for the
 * subsets asked, as {@code ansible_*} variables; {@code filter} keeps the facts whose name matches a pattern;
 * {@code fact_path} is where local facts ({@code ansible_local}) are read from.
 */
public final class SetupModule implements HostModule<SetupModule.SetupArgs> {
    /** Typed arguments: the subsets and the name patterns (fnmatch, on the {@code ansible_} names). */
    public record SetupArgs(List<String> subset, List<String> filter, String factPath) {
        HostFacts query() {
            HostFacts q = HostFacts.of(subset.toArray(String[]::new));
            return factPath == null ? q : q.withFactPath(factPath);
        }
    }

    @Override
    public String name() {
        return "setup";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("gather_subset", "filter", "gather_timeout", "fact_path");
    }

    @Override
    public SetupArgs parse(Args args, ModuleContext ctx) {
        List<String> subset = args.list("gather_subset");
        List<String> filter = args.list("filter");
        return new SetupArgs(subset == null || subset.isEmpty() ? List.of("all") : subset, filter == null ? List.of() : filter,
                args.string("fact_path"));
    }

    @Override
    public List<FactQuery<?>> facts(SetupArgs a) {
        return List.of(a.query());
    }

    @Override
    public Planned plan(SetupArgs a, Facts facts) {
        Map<String, Object> gathered = facts.get(a.query());
        return new Planned(Change.none("setup", gathered.size() + " facts gathered"), List.of(new FactUpdate<>(a.query(), gathered)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> registered(SetupArgs a, Planned planned, ExecResult last) {
        Map<String, Object> gathered = (Map<String, Object>) planned.predicted().get(0).value();
        List<Pattern> patterns = new ArrayList<>();
        for (String f : a.filter()) patterns.add(Pattern.compile(Fnmatch.translate(f), Pattern.DOTALL));
        Map<String, Object> all = new LinkedHashMap<>();
        gathered.forEach((name, value) -> all.put("ansible_" + name, value));
        all.put("gather_subset", a.subset());
        all.put("module_setup", true);
        Map<String, Object> facts = new LinkedHashMap<>();
        all.forEach((name, value) -> {
            if (patterns.isEmpty() || patterns.stream().anyMatch(p -> p.matcher(name).matches())) facts.put(name, value);
        });
        return Map.of("ansible_facts", facts);
    }
}
