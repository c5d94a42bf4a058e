package dev.opsctl.module.packages;

import dev.opsctl.facts.AptCacheQuery;
import dev.opsctl.facts.CandidatesQuery;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FactUpdate;
import dev.opsctl.facts.Facts;
import dev.opsctl.facts.InstalledPackages;
import dev.opsctl.facts.InstalledPackages.InstalledPackage;
import dev.opsctl.facts.PackagesQuery;
import dev.opsctl.module.Planned;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.packages.DebInfoQuery.DebInfo;
import dev.opsctl.module.packages.PackageArgs.PackageSpec;
import dev.opsctl.module.packages.PackageArgs.State;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.Step;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Shell;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure planner behind apt, dnf, yum and package: which of a task's packages to install, upgrade or remove,
 * from the host's package database (and candidate versions for {@code state: latest}), as one batched command.
 */
final class PackagePlan {
    /** Shown for a version only the package manager will choose at apply. */
    static final String UNKNOWN = "(version chosen at apply)";
    // What Ansible's apt module sets for every apt-get it runs: no questions, C locale for stable output.
    private static final String APT_ENV = "DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LC_ALL=C ";

    private PackagePlan() {}

    /** The facts a task needs: the package databases, the apt cache's age, candidates for latest, a .deb's identity. */
    static List<FactQuery<?>> facts(PackageArgs a) {
        List<FactQuery<?>> q = new ArrayList<>(List.of(PackagesQuery.INSTANCE));
        if (a.updateCache() && !a.manager().equals("dnf") && !a.manager().equals("yum")) q.add(AptCacheQuery.INSTANCE);
        if (a.state() == State.LATEST && !a.packages().isEmpty()) q.add(new CandidatesQuery(a.manager(), a.names()));
        if (a.deb() != null) q.add(new DebInfoQuery(a.deb()));
        if (asksVirtual(a)) q.add(new VirtualPackagesQuery(a.names()));
        if (cleanupOnly(a)) q.add(new AutoremoveQuery(a.purge()));
        if (a.upgrade() != null) q.add(new UpgradeQuery(a.upgrade()));
        return q;
    }

    /** apt (or the package module, which may be apt) installing names without versions: some may be virtual packages. */
    private static boolean asksVirtual(PackageArgs a) {
        return (a.manager().equals("apt") || a.manager().equals("auto")) && a.state() == State.PRESENT
                && a.packages().stream().anyMatch(p -> p.version() == null);
    }

    /**
     * Ansible's apt counts a pure virtual package as installed when exactly one package provides it and that one is
     * installed (apt.py's package_status); with several providers it lets apt-get decide, as this does.
     */
    private static boolean virtualInstalled(PackageArgs a, PackageSpec p, InstalledPackages db, Facts facts) {
        if (!asksVirtual(a) || p.version() != null) return false;
        List<String> providers = facts.get(new VirtualPackagesQuery(a.names())).getOrDefault(p.name(), List.of());
        return providers.size() == 1 && db.installedVersion("apt", providers.get(0)) != null;
    }

    /** apt's {@code autoremove: yes} without package names: a cleanup of dependencies nothing needs any more. */
    private static boolean cleanupOnly(PackageArgs a) {
        return a.manager().equals("apt") && a.autoremove() && a.packages().isEmpty() && a.deb() == null && a.upgrade() == null;
    }

    /** Plans {@code a} for the host's package manager {@code manager} (apt, dnf or yum). */
    static Planned plan(PackageArgs a, String manager, Facts facts) {
        InstalledPackages db = facts.get(PackagesQuery.INSTANCE);
        boolean apt = manager.equals("apt");
        Work work = new Work();
        String refresh = apt && a.updateCache() ? refreshDetail(a, facts.get(AptCacheQuery.INSTANCE)) : null;
        if (a.upgrade() != null) {
            List<UpgradeQuery.Operation> ops = facts.get(new UpgradeQuery(a.upgrade()));
            if (ops == null || refresh != null) return new Planned(upgradeKnownAfterApply(a, refresh));
            for (UpgradeQuery.Operation op : ops) {
                if (op.to() == null) work.remove(op.name(), op.from(), false);
                else work.install(op.name(), op.name(), op.from(), op.to(), change(op.name(), op.from(), op.to()));
            }
        }
        if (cleanupOnly(a)) {
            List<AutoremoveQuery.Removal> removals = facts.get(new AutoremoveQuery(a.purge()));
            if (removals == null) {
                // An earlier task changes the packages first: what is unneeded then is only known after apply.
                return new Planned(new Change(Action.RUN, "unneeded packages", List.of("autoremove (after the earlier package changes; known after apply)"),
                        null, List.of(new Step(aptGet(a, "autoremove", List.of())))));
            }
            for (AutoremoveQuery.Removal r : removals) work.remove(r.name(), r.version() == null ? UNKNOWN : r.version(), a.purge());
        }
        if (a.deb() != null) {
            DebInfo deb = facts.get(new DebInfoQuery(a.deb()));
            if (deb == null) {
                // Not on the host yet (an earlier task may put it there): what it installs is known after apply.
                return new Planned(new Change(Action.RUN, "package file " + a.deb(), List.of("install " + a.deb() + " (contents known after apply)"),
                        null, List.of(new Step(aptGet(a, "install", List.of(localPath(a.deb())))))));
            }
            String have = db.installedVersion("apt", deb.name());
            if (!deb.version().equals(have)) {
                work.install(localPath(a.deb()), deb.name(), have, deb.version(), change(deb.name(), have, deb.version()) + " from " + a.deb());
            }
        }
        Map<String, String> candidates = a.state() == State.LATEST && !a.packages().isEmpty()
                ? facts.get(new CandidatesQuery(a.manager(), a.names())) : Map.of();
        if (candidates.containsKey(CandidatesQuery.NO_TOOL)) {
            throw new PlanException("state: latest needs repoquery on the host to know the newest versions (install yum-utils)");
        }
        for (PackageSpec p : a.packages()) {
            String have = db.installedVersion(manager, p.name());
            // A pinned version is what apt installs whatever the state asks: latest then means that version.
            switch (p.version() != null && a.state() == State.LATEST ? State.PRESENT : a.state()) {
                case PRESENT -> {
                    if (have != null && (p.version() == null || versionMatches(have, p.version()))) continue;
                    if (have == null && apt && virtualInstalled(a, p, db, facts)) continue;
                    boolean exact = p.version() != null && !p.version().contains("*");
                    // A pin may go down as well as up: "change", with the pattern when the version is not exact.
                    work.install(p.toString(), p.name(), have, exact ? p.version() : UNKNOWN, have == null
                            ? "install " + p.name() + (exact ? " " + p.version() : "") : "change " + p.name() + " " + have + " -> " + p.version());
                }
                case LATEST -> {
                    String candidate = candidates.get(p.name());
                    if (have == null && candidate == null) throw new PlanException("no available installation candidate for " + p.name());
                    if (have != null && (candidate == null || candidate.equals(have))) continue;
                    work.install(p.name(), p.name(), have, candidate, change(p.name(), have, candidate));
                }
                case ABSENT -> {
                    boolean configLeft = apt && a.purge() && db.hasConfigFiles(p.name());
                    if (have != null || configLeft) work.remove(p.name(), have, a.purge());
                }
            }
        }

        List<Step> steps = new ArrayList<>();
        if (refresh != null) {
            work.details.add(0, refresh);
            // The stamp Debian's periodic refresh writes, and the first thing Ansible's apt judges the cache age by: a
            // refresh that changed no list file (the lists' mtime stays old) still counts, so a converged host settles.
            steps.add(new Step(APT_ENV + Shell.command("apt-get", "-q", "update") + " && "
                    + Shell.command("mkdir", "-p", AptCacheQuery.STAMP.substring(0, AptCacheQuery.STAMP.lastIndexOf('/'))) + " && "
                    + Shell.command("touch", AptCacheQuery.STAMP)));
        }
        String wholeSystem = cleanupOnly(a) ? "autoremove" : a.upgrade();
        if (wholeSystem != null) {
            // Ansible's cleanup or upgrade: one apt-get run does what the simulation listed.
            if (!work.install.isEmpty() || !work.remove.isEmpty()) steps.add(new Step(aptGet(a, wholeSystem, List.of())));
        } else {
            if (!work.install.isEmpty()) steps.add(new Step(apt ? aptGet(a, "install", work.install) : rpmCommand(a, manager, "install", work.install)));
            if (!work.remove.isEmpty()) steps.add(new Step(apt ? aptGet(a, "remove", work.remove) : rpmCommand(a, manager, "remove", work.remove)));
        }
        if (steps.isEmpty()) return new Planned(Change.none(summary(a), why(a)));

        // apt.py reports a refresh as the change only when it is all the task asks for; with packages named, "changed"
        // says whether they changed, so a refresh before packages already in place runs and reports no change.
        Action action = refreshOnlyReportsNoChange(a) && work.install.isEmpty() && work.remove.isEmpty() ? Action.RUN
                : work.install.isEmpty() && refresh == null ? Action.DELETE
                : work.remove.isEmpty() && !work.upgrades && refresh == null ? Action.CREATE : Action.UPDATE;
        List<FactUpdate<?>> predicted = new ArrayList<>();
        predicted.add(new FactUpdate<>(PackagesQuery.INSTANCE, withChanges(db, manager, work.after)));
        // What autoremove or an upgrade would do was simulated before this change: a later such task must not trust it.
        for (boolean purge : new boolean[] {false, true}) predicted.add(new FactUpdate<>(new AutoremoveQuery(purge), null));
        for (String upgrade : List.of("dist-upgrade", "upgrade --with-new-pkgs")) predicted.add(new FactUpdate<>(new UpgradeQuery(upgrade), null));
        if (refresh != null) {
            long now = facts.get(AptCacheQuery.INSTANCE).now();
            predicted.add(new FactUpdate<>(AptCacheQuery.INSTANCE, new AptCacheQuery.AptCache(now, now)));
        }
        return new Planned(new Change(action, summary(a), work.details, null, steps), predicted);
    }

    /**
     * Whether a run of this task that only refreshes the lists is reported as no change (apt.py exits with
     * changed=updated_cache only when no package, .deb or upgrade is asked). The plan's only RUN for such a task is that
     * refresh: a .deb not on the host yet, an upgrade or a cleanup is what the other RUN changes are for.
     */
    static boolean refreshOnlyReportsNoChange(PackageArgs a) {
        return a.updateCache() && !a.packages().isEmpty() && a.deb() == null && a.upgrade() == null && !cleanupOnly(a);
    }

    /** An upgrade simulated before a refresh of the lists or an earlier task's package changes: known after apply. */
    private static Change upgradeKnownAfterApply(PackageArgs a, String refresh) {
        List<Step> steps = new ArrayList<>();
        List<String> details = new ArrayList<>();
        if (refresh != null) {
            details.add(refresh);
            // The stamp Debian's periodic refresh writes, and the first thing Ansible's apt judges the cache age by: a
            // refresh that changed no list file (the lists' mtime stays old) still counts, so a converged host settles.
            steps.add(new Step(APT_ENV + Shell.command("apt-get", "-q", "update") + " && "
                    + Shell.command("mkdir", "-p", AptCacheQuery.STAMP.substring(0, AptCacheQuery.STAMP.lastIndexOf('/'))) + " && "
                    + Shell.command("touch", AptCacheQuery.STAMP)));
        }
        details.add("apt-get " + a.upgrade() + " (" + (refresh != null ? "after the refresh" : "after the earlier package changes")
                + "; known after apply)");
        steps.add(new Step(aptGet(a, a.upgrade(), List.of())));
        return new Change(Action.RUN, summary(a), details, null, steps);
    }

    /** What one task will do, collected package by package: command words, a detail line each, versions after. */
    private static final class Work {
        final List<String> install = new ArrayList<>();
        final List<String> remove = new ArrayList<>();
        final List<String> details = new ArrayList<>();
        final Map<String, String> after = new HashMap<>();
        boolean upgrades;

        /** Installs {@code word} (a name, a pin or a .deb path), which makes {@code name} {@code version}. */
        void install(String word, String name, String have, String version, String detail) {
            install.add(word);
            after.put(name, version);
            details.add(detail);
            upgrades |= have != null;
        }

        void remove(String name, String have, boolean purge) {
            remove.add(name);
            after.put(name, null);
            details.add(have == null ? "purge configuration of " + name : (purge ? "purge " : "remove ") + name + " " + have);
        }
    }

    /** "install nginx 1.22.1-9", or "upgrade nginx 1.22.1-9 -> 1.22.1-9+deb12u1". */
    private static String change(String name, String have, String version) {
        return have == null ? "install " + name + " " + version : "upgrade " + name + " " + have + " -> " + version;
    }

    /** The detail for a refresh of the apt lists, or null when they are younger than cache_valid_time. */
    private static String refreshDetail(PackageArgs a, AptCacheQuery.AptCache cache) {
        if (cache.age() <= a.cacheValidTime()) return null;
        // The time of the last refresh, not the age: a saved plan's replan must read the same a minute later.
        return "refresh package lists (apt-get update; " + (cache.mtime() < 0 ? "never refreshed" : "last refreshed "
                + Instant.ofEpochSecond(cache.mtime())) + (a.cacheValidTime() > 0 ? ", older than cache_valid_time " + a.cacheValidTime() + "s" : "") + ")";
    }

    /** What {@code register:} holds: the package manager's output, when it ran (Ansible's stdout and stderr). */
    static Map<String, Object> registered(Planned planned, ExecResult last) {
        Map<String, Object> r = new LinkedHashMap<>();
        if (last != null) {
            r.put("stdout", last.out());
            r.put("stderr", last.err());
        }
        return r;
    }

    /** dpkg versions against a pin: exact, or a prefix when the pin ends with '*' (apt's {@code name=1.2*}). */
    static boolean versionMatches(String have, String pin) {
        return pin.endsWith("*") ? have.startsWith(pin.substring(0, pin.length() - 1)) : have.equals(pin);
    }

    private static String summary(PackageArgs a) {
        List<String> names = new ArrayList<>(a.names());
        if (a.deb() != null) names.add(0, a.deb());
        if (a.upgrade() != null) return "all packages";
        if (names.isEmpty()) return cleanupOnly(a) ? "unneeded packages" : "package lists";
        return (names.size() == 1 ? "package " : "packages ") + String.join(", ", names);
    }

    private static String why(PackageArgs a) {
        if (cleanupOnly(a)) return "no packages to autoremove";
        if (a.upgrade() != null) return "no packages to upgrade";
        if (a.packages().isEmpty() && a.deb() == null) return "package lists refreshed within cache_valid_time";
        return switch (a.state()) {
            case PRESENT -> "already installed";
            case LATEST -> "already the latest version";
            case ABSENT -> "already absent";
        };
    }

    /** A local .deb as apt-get install takes it: a path, never a package name. */
    private static String localPath(String deb) {
        return deb.startsWith("/") || deb.startsWith("./") ? deb : "./" + deb;
    }

    /** Ansible's apt-get command lines: {@code apt-get -y <dpkg options> [--auto-remove] install ...}, {@code -q -y ... remove}. */
    private static String aptGet(PackageArgs a, String verb, List<String> packages) {
        List<String> w = new ArrayList<>(List.of("apt-get"));
        if (verb.equals("remove")) w.add("-q");
        w.add("-y");
        for (String o : a.dpkgOptions()) w.addAll(List.of("-o", "Dpkg::Options::=--" + o));
        boolean upgrade = verb.contains("upgrade");
        if ((verb.equals("remove") || verb.equals("autoremove")) && a.purge()) w.add("--purge");
        if (a.autoremove() && (verb.equals("install") || verb.equals("remove"))) w.add("--auto-remove");
        w.addAll(List.of(verb.split(" ")));
        // Ansible puts --auto-remove after an upgrade's words ("dist-upgrade --auto-remove").
        if (a.autoremove() && upgrade) w.add("--auto-remove");
        // Options before "--" (Ansible writes -t RELEASE after the names; apt-get reads it the same either way).
        if (verb.equals("install")) w.addAll(a.repoOptions());
        if (verb.equals("install") && a.installRecommends() != null) {
            w.addAll(List.of("-o", "APT::Install-Recommends=" + (a.installRecommends() ? "yes" : "no")));
        }
        // After "--" a name such as "-oDpkg::Pre-Invoke::=..." is a package that does not exist, never an option.
        if (!packages.isEmpty()) w.add("--");
        w.addAll(packages);
        String cmd = APT_ENV + Shell.command(w);
        return a.policyRcD() == null ? cmd : withPolicyRcD(cmd, a.policyRcD());
    }

    /**
     * Ansible's policy_rc_d: while the command runs, /usr/sbin/policy-rc.d is a script that exits with {@code code}
     * (101: packages start no services); a policy-rc.d that was there is moved aside and put back, else removed.
     */
    private static String withPolicyRcD(String cmd, int code) {
        String script = "#!/bin/sh\nexit " + code + "\n";
        return "( p=/usr/sbin/policy-rc.d; b=; if [ -e \"$p\" ] || [ -L \"$p\" ]; then b=$(mktemp -d) && mv \"$p\" \"$b/\" || exit 1; fi; "
                + "printf " + Shell.quote(script) + " > \"$p\" && chmod 0755 \"$p\" && " + cmd + "; rc=$?; "
                + "if [ -n \"$b\" ]; then mv \"$b/policy-rc.d\" \"$p\"; rmdir \"$b\"; else rm -f \"$p\"; fi; exit $rc )";
    }

    /** dnf/yum: {@code install} also upgrades an installed package to the newest version, which is what latest asks. */
    private static String rpmCommand(PackageArgs a, String manager, String verb, List<String> packages) {
        List<String> w = new ArrayList<>(List.of(manager, "-y"));
        w.addAll(a.repoOptions());
        if (a.updateCache() && manager.equals("dnf") && verb.equals("install")) w.add("--refresh");
        if (a.autoremove() && verb.equals("remove")) w.add("--setopt=clean_requirements_on_remove=1");
        w.add(verb);
        if (!packages.isEmpty()) w.add("--");
        w.addAll(packages);
        String cmd = Shell.command(w);
        if (a.updateCache() && manager.equals("yum") && verb.equals("install")) cmd = Shell.command("yum", "clean", "expire-cache") + " && " + cmd;
        return cmd;
    }

    /** The package database once the change ran: installed names at their new versions, removed names gone. */
    private static InstalledPackages withChanges(InstalledPackages db, String manager, Map<String, String> after) {
        Map<String, List<InstalledPackage>> changed = new HashMap<>(db.of(manager));
        after.forEach((spec, version) -> {
            // An apt name may name one architecture (libc6:i386): only that entry changes.
            int colon = manager.equals("apt") ? spec.indexOf(':') : -1;
            String name = colon < 0 ? spec : spec.substring(0, colon);
            String arch = colon < 0 ? null : spec.substring(colon + 1);
            List<InstalledPackage> entries = new ArrayList<>(changed.getOrDefault(name, List.of()));
            entries.removeIf(p -> arch == null || arch.equals(p.arch()));
            if (version != null) entries.add(new InstalledPackage(name, version, arch == null ? "" : arch, true));
            if (entries.isEmpty()) changed.remove(name);
            else changed.put(name, List.copyOf(entries));
        });
        return manager.equals("apt") ? new InstalledPackages(changed, db.rpm()) : new InstalledPackages(db.dpkg(), changed);
    }
}
