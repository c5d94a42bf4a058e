package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ansible's generic {@code package}: apt, dnf or yum, whichever the host's {@code ansible_pkg_mgr} fact names
 * (gathered with the play's facts, or on its own when the play does not gather them), or the one {@code use} names.
 */
public final class PackageModule implements HostModule<PackageArgs> {
    private static final Set<String> MANAGERS = Set.of("apt", "dnf", "yum");

    @Override
    public String name() {
        return "package";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "state", "use", "update_cache", "cache_valid_time", "install_recommends");
    }

    @Override
    public PackageArgs parse(Args args, ModuleContext ctx) {
        String use = args.string("use");
        if (use == null) use = "auto";
        if (!use.equals("auto") && !MANAGERS.contains(use)) {
            throw new ArgException("argument 'use': package manager '" + use + "' is not supported (apt, dnf, yum or auto)");
        }
        List<PackageArgs.PackageSpec> packages = PackageArgs.specs(args, true);
        // update_cache goes to the backend, as Ansible's package passes it on; alone (no name) it only refreshes.
        // cache_valid_time goes to apt the same way (a refresh only when the lists are older; it implies update_cache).
        long valid = AptModule.cacheValidTime(args);
        boolean update = args.bool("update_cache", false) || valid > 0;
        if (packages.isEmpty() && !update) throw new ArgException("missing required argument 'name'");
        // The backends' defaults: apt's dpkg options, so a package installs the same through package as through apt.
        // install_recommends goes to apt as Ansible's package passes its arguments on; dnf and yum have no such argument.
        Boolean recommends = args.has("install_recommends") ? args.bool("install_recommends", false) : null;
        return new PackageArgs(use, packages, PackageArgs.state(args, false), update, valid, null, false, false, recommends,
                List.of(AptModule.DPKG_OPTIONS.split(",")), List.of(), null, null);
    }

    @Override
    public List<FactQuery<?>> facts(PackageArgs a) {
        List<FactQuery<?>> q = new ArrayList<>(PackagePlan.facts(a));
        if (a.manager().equals("auto")) q.add(HostFacts.MIN);
        return q;
    }

    @Override
    public Planned plan(PackageArgs a, Facts facts) {
        String manager = a.manager();
        if (manager.equals("auto")) {
            manager = String.valueOf(facts.get(HostFacts.MIN).get("pkg_mgr"));
            if (!MANAGERS.contains(manager)) throw new PlanException("the host's package manager '" + manager + "' is not supported by opsctl's package module (apt, dnf, yum)");
        }
        if (a.installRecommends() != null && !manager.equals("apt")) {
            throw new PlanException("Unsupported parameters for (" + manager + ") module: install_recommends");
        }
        if (a.cacheValidTime() > 0 && !manager.equals("apt")) {
            throw new PlanException("Unsupported parameters for (" + manager + ") module: cache_valid_time");
        }
        if (a.packages().isEmpty() && !manager.equals("apt")) {
            throw new PlanException("update_cache without a name is supported with apt only, not " + manager);
        }
        for (PackageArgs.PackageSpec p : a.packages()) {
            if (p.version() != null && !manager.equals("apt")) throw new PlanException("package '" + p + "': a version in the name is only supported by apt");
        }
        return PackagePlan.plan(a, manager, facts);
    }

    @Override
    public boolean reportsNoChange(PackageArgs a) {
        return PackagePlan.refreshOnlyReportsNoChange(a);
    }

    @Override
    public Map<String, Object> registered(PackageArgs a, Planned planned, ExecResult last) {
        return PackagePlan.registered(planned, last);
    }
}
