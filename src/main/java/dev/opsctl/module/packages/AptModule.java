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
import java.util.List;
import java.util.Map;

/** Ansible's {@code apt}: packages present, absent or latest, a local .deb, and the package lists' freshness. */
public final class AptModule implements HostModule<PackageArgs> {
    /** Ansible's default {@code dpkg_options}: keep a locally changed configuration file, take defaults otherwise. */
    static final String DPKG_OPTIONS = "force-confdef,force-confold";

    @Override
    public String name() {
        return "apt";
    }

    @Override
    public ArgSpec spec() {
        return ArgSpec.of("name", "pkg", "package", "state", "update_cache", "update-cache", "cache_valid_time", "deb",
                "purge", "autoremove", "install_recommends", "install-recommends", "dpkg_options", "upgrade", "default_release",
                "default-release", "policy_rc_d");
    }

    @Override
    public PackageArgs parse(Args args, ModuleContext ctx) {
        PackageArgs.State state = PackageArgs.state(args, false);
        // Ansible: name "*" with state latest upgrades every installed package, as upgrade: yes does.
        boolean everything = List.of("*").equals(args.list("name", "pkg", "package")) && state == PackageArgs.State.LATEST;
        List<PackageArgs.PackageSpec> packages = everything ? List.of() : PackageArgs.specs(args, true);
        String deb = args.string("deb");
        String upgrade = everything ? "upgrade --with-new-pkgs" : upgrade(args);
        if ((deb != null ? 1 : 0) + (packages.isEmpty() ? 0 : 1) + (upgrade != null ? 1 : 0) > 1) {
            throw new ArgException("parameters are mutually exclusive: deb|package|upgrade");
        }
        if (deb != null && deb.contains("://")) throw new ArgException("argument 'deb': a URL is not supported; fetch it with get_url first");
        if (deb != null && state != PackageArgs.State.PRESENT) throw new ArgException("deb only supports state=present");
        long valid = cacheValidTime(args);
        boolean update = args.bool("update_cache", args.bool("update-cache", false)) || valid > 0;
        boolean autoremove = args.bool("autoremove", false);
        if (packages.isEmpty() && deb == null && !update && !autoremove && upgrade == null) {
            throw new ArgException("one of the following is required: autoremove, deb, package, update_cache, upgrade");
        }
        Boolean recommends = args.has("install_recommends") || args.has("install-recommends")
                ? args.bool(args.has("install_recommends") ? "install_recommends" : "install-recommends", false) : null;
        String dpkg = args.string("dpkg_options");
        List<String> dpkgOptions = List.of((dpkg == null ? DPKG_OPTIONS : dpkg).split(","));
        // default_release: apt-get install -t RELEASE, as Ansible adds it; an empty one is none (Ansible tests it for truth).
        String release = args.string("default_release", "default-release");
        List<String> installOptions = release == null || release.isEmpty() ? List.of() : List.of("-t", release);
        if (!installOptions.isEmpty() && state == PackageArgs.State.LATEST) {
            throw new ArgException("default_release with state latest is not supported: opsctl plans the candidate version without it");
        }
        return new PackageArgs("apt", packages, state, update, valid, deb, args.bool("purge", false), autoremove,
                recommends, dpkgOptions.stream().map(String::strip).filter(s -> !s.isEmpty()).toList(), installOptions, upgrade,
                policyRcD(args));
    }

    /**
     * Ansible's upgrade choices as apt-get runs them: dist and full are {@code dist-upgrade}, yes and safe
     * {@code upgrade --with-new-pkgs} (Ansible's apt-get path; it uses aptitude for them when installed), no is none.
     */
    private static String upgrade(Args args) {
        Object v = args.raw("upgrade");
        if (v == null) return null;
        Boolean b = v instanceof Boolean ? (Boolean) v : null;
        String s = b != null ? (b ? "yes" : "no") : String.valueOf(v).strip();
        return switch (s) {
            case "dist", "full" -> "dist-upgrade";
            case "yes", "safe" -> "upgrade --with-new-pkgs";
            case "no" -> null;
            default -> throw new ArgException("argument 'upgrade' must be one of dist, full, no, safe, yes, not '" + v + "'");
        };
    }

    private static Integer policyRcD(Args args) {
        String v = args.string("policy_rc_d");
        if (v == null) return null;
        if (!v.strip().matches("\\d{1,3}")) throw new ArgException("argument 'policy_rc_d' must be an integer, not '" + v + "'");
        return Integer.parseInt(v.strip());
    }

    static long cacheValidTime(Args args) {
        Object v = args.raw("cache_valid_time");
        if (v == null) return 0;
        String s = String.valueOf(v).strip();
        if (!s.matches("\\d{1,12}")) throw new ArgException("argument 'cache_valid_time' must be an integer, not '" + v + "'");
        return Long.parseLong(s);
    }

    @Override
    public List<FactQuery<?>> facts(PackageArgs a) {
        return PackagePlan.facts(a);
    }

    @Override
    public Planned plan(PackageArgs a, Facts facts) {
        return PackagePlan.plan(a, "apt", facts);
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
