package dev.opsctl.module.packages;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import java.util.List;

/**
 * A package task's typed arguments, for apt, dnf/yum and package alike.
 *
 * @param manager          apt, dnf or yum; "auto" for the {@code package} module (the host's pkg_mgr fact decides)
 * @param packages         the names, each possibly with a version ({@code nginx=1.22*}, apt only)
 * @param cacheValidTime   seconds; the cache is refreshed only when older (0: whenever update_cache is set)
 * @param installRecommends null for the OS default
 * @param dpkgOptions      dpkg options without their leading dashes, as Ansible's {@code dpkg_options}
 * @param repoOptions      dnf/yum options that follow from disable_gpg_check, enablerepo, disablerepo, exclude and
 *                         allowerasing; for apt, the options after an install's packages ({@code -t RELEASE})
 * @param upgrade          apt's upgrade of every package: the apt-get words ("dist-upgrade", "upgrade --with-new-pkgs"), or null
 * @param policyRcD        apt's policy_rc_d: the exit code /usr/sbin/policy-rc.d gives while apt-get runs, or null to leave it
 */
public record PackageArgs(String manager, List<PackageSpec> packages, State state, boolean updateCache, long cacheValidTime,
                          String deb, boolean purge, boolean autoremove, Boolean installRecommends, List<String> dpkgOptions,
                          List<String> repoOptions, String upgrade, Integer policyRcD) {
    /** What a task wants of its packages. */
    public enum State { PRESENT, ABSENT, LATEST }

    /** A package name and an optional version (an fnmatch pattern, as apt's {@code name=version*}). */
    public record PackageSpec(String name, String version) {
        static PackageSpec parse(String spec, boolean versions) {
            String s = spec.strip();
            int eq = s.indexOf('=');
            if (eq < 0) return new PackageSpec(s, null);
            if (!versions) throw new ArgException("package '" + s + "': a version in the name is only supported by apt");
            if (s.indexOf('=', eq + 1) >= 0) throw new ArgException("invalid package spec: " + s);
            return new PackageSpec(s.substring(0, eq), s.substring(eq + 1));
        }

        @Override
        public String toString() {
            return version == null ? name : name + "=" + version;
        }
    }

    public PackageArgs {
        packages = List.copyOf(packages);
        dpkgOptions = List.copyOf(dpkgOptions);
        repoOptions = List.copyOf(repoOptions);
    }

    public List<String> names() {
        return packages.stream().map(PackageSpec::name).toList();
    }

    /** The package names of {@code name} (a list or a comma-separated string); '*' (upgrade all) is refused. */
    static List<PackageSpec> specs(Args args, boolean versions) {
        List<String> raw = args.list("name", "pkg", "package");
        if (raw == null) return List.of();
        for (String n : raw) {
            if (n.strip().equals("*")) throw new ArgException("argument 'name': '*' (every installed package) is not supported");
            if (n.isBlank()) throw new ArgException("argument 'name' has an empty package name");
        }
        return raw.stream().map(n -> PackageSpec.parse(n, versions)).toList();
    }

    /** Ansible's state names: present, absent, latest; dnf and yum also take installed and removed. */
    static State state(Args args, boolean rpmNames) {
        String s = rpmNames ? args.choice("state", "present", "present", "installed", "absent", "removed", "latest")
                : args.choice("state", "present", "present", "absent", "latest");
        return switch (s) {
            case "absent", "removed" -> State.ABSENT;
            case "latest" -> State.LATEST;
            default -> State.PRESENT;
        };
    }
}
