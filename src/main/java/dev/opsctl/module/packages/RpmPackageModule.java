package dev.opsctl.module.packages;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.Facts;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.ArgSpec;
import dev.opsctl.module.Args;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.ModuleContext;
import dev.opsctl.module.Planned;
import dev.opsctl.transport.ExecResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Ansible's {@code dnf} and {@code yum}: the same core arguments over the rpm database, one class for both commands. */
public final class RpmPackageModule implements HostModule<PackageArgs> {
    private final String command;

    /** {@code command} is "dnf" or "yum": the module's name and the program it runs. */
    public RpmPackageModule(String command) {
        this.command = command;
    }

    @Override
    public String name() {
        return command;
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "pkg", "state", "update_cache", "expire-cache", "autoremove", "disable_gpg_check",
                "enablerepo", "disablerepo", "exclude", "allowerasing");
    }

    @Override
    public PackageArgs parse(Args args, ModuleContext ctx) {
        List<String> options = new ArrayList<>();
        if (args.bool("disable_gpg_check", false)) options.add("--nogpgcheck");
        List<String> enable = args.list("enablerepo");
        if (enable != null) enable.forEach(r -> options.add("--enablerepo=" + r));
        List<String> disable = args.list("disablerepo");
        if (disable != null) disable.forEach(r -> options.add("--disablerepo=" + r));
        List<String> exclude = args.list("exclude");
        if (exclude != null) exclude.forEach(p -> options.add("--exclude=" + p));
        if (args.bool("allowerasing", false)) {
            if (!command.equals("dnf")) throw new ArgException("unsupported argument 'allowerasing' for module 'yum'");
            options.add("--allowerasing");
        }
        List<PackageArgs.PackageSpec> packages = PackageArgs.specs(args, false);
        for (PackageArgs.PackageSpec p : packages) {
            // Groups, local .rpm files and URLs have no entry of that name in the rpm database to plan against.
            if (p.name().startsWith("@") || p.name().startsWith("/") || p.name().contains("://")) {
                throw new ArgException("argument 'name': '" + p.name() + "' is not supported: groups, .rpm files and URLs are not (use package names)");
            }
        }
        boolean update = args.bool("update_cache", args.bool("expire-cache", false));
        if (packages.isEmpty()) throw new ArgException("missing required argument 'name'");
        return new PackageArgs(command, packages, PackageArgs.state(args, true), update, 0, null, false,
                args.bool("autoremove", false), null, List.of(), options, null, null);
    }

    @Override
    public List<FactQuery<?>> facts(PackageArgs a) {
        return PackagePlan.facts(a);
    }

    @Override
    public Planned plan(PackageArgs a, Facts facts) {
        return PackagePlan.plan(a, command, facts);
    }

    @Override
    public Map<String, Object> registered(PackageArgs a, Planned planned, ExecResult last) {
        return PackagePlan.registered(planned, last);
    }
}
