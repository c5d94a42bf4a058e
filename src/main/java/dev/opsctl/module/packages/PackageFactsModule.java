package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.InstalledPackages;
import dev.opsctl.facts.InstalledPackages.InstalledPackage;
import dev.opsctl.facts.PackagesQuery;
import dev.opsctl.module.ArgException;
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
import java.util.TreeMap;

/**
 * Ansible's {@code package_facts}: {@code ansible_facts.packages}, every installed package by name, each a list of
 * {@code {name, version, arch, source}} (rpm entries also {@code release} and {@code epoch}). Read from the same
 * listing the package modules plan with, so it costs nothing more in a play that manages packages.
 */
public final class PackageFactsModule implements HostModule<PackageFactsModule.Managers> {
    /** The package databases asked for: apt (dpkg) and/or rpm; {@code first}: only the first that has packages. */
    public record Managers(List<String> names, boolean firstOnly) {}

    @Override
    public String name() {
        return "package_facts";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("manager", "strategy");
    }

    @Override
    public Managers parse(Args args, ModuleContext ctx) {
        List<String> names = args.list("manager");
        if (names == null || names.isEmpty()) names = List.of("auto");
        for (String n : names) {
            if (!List.of("auto", "apt", "rpm").contains(n)) throw new ArgException("argument 'manager': '" + n + "' is not supported (auto, apt, rpm)");
        }
        if (names.contains("auto")) names = List.of("apt", "rpm");
        return new Managers(names, args.choice("strategy", "first", "first", "all").equals("first"));
    }

    @Override
    public List<FactQuery<?>> facts(Managers m) {
        return List.of(PackagesQuery.INSTANCE);
    }

    /** Nothing changes; the listing rides along as the (unchanged) predicted state, for {@link #registered}. */
    @Override
    public Planned plan(Managers m, Facts facts) {
        InstalledPackages db = facts.get(PackagesQuery.INSTANCE);
        return new Planned(Change.none("package facts", "read the package database"), List.of(new FactUpdate<>(PackagesQuery.INSTANCE, db)));
    }

    @Override
    public Map<String, Object> registered(Managers m, Planned planned, ExecResult last) {
        InstalledPackages db = (InstalledPackages) planned.predicted().get(0).value();
        Map<String, List<Object>> packages = new TreeMap<>();
        for (String manager : m.names()) {
            Map<String, List<InstalledPackage>> entries = manager.equals("apt") ? db.dpkg() : db.rpm();
            if (entries.isEmpty()) continue;
            // With strategy: all, a name both managers know lists the entries of each.
            entries.forEach((name, list) -> {
                for (InstalledPackage p : list) {
                    if (p.installed()) packages.computeIfAbsent(name, n -> new ArrayList<>()).add(entry(manager, p));
                }
            });
            if (m.firstOnly()) break;
        }
        return Map.of("ansible_facts", Map.of("packages", packages));
    }

    private static Map<String, Object> entry(String manager, InstalledPackage p) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("name", p.name());
        if (manager.equals("rpm")) {
            // "[epoch:]version-release", as the rpm listing gives it.
            String v = p.version();
            int colon = v.indexOf(':');
            Integer epoch = colon > 0 ? Integer.valueOf(v.substring(0, colon)) : null;
            v = v.substring(colon + 1);
            int dash = v.lastIndexOf('-');
            e.put("version", dash > 0 ? v.substring(0, dash) : v);
            e.put("release", dash > 0 ? v.substring(dash + 1) : "");
            e.put("epoch", epoch);
        } else {
            e.put("version", p.version());
        }
        e.put("arch", p.arch());
        e.put("source", manager);
        return e;
    }
}
