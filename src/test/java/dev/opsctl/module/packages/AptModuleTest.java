package dev.opsctl.module.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.AptCacheQuery;
import dev.opsctl.facts.CandidatesQuery;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.InstalledPackages;
import dev.opsctl.facts.PackagesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apt fixtures: a dpkg listing (and candidates, cache age, a .deb's identity) in, the planned change out. */
class AptModuleTest {
    static final String DPKG = """
            @dpkg
            ii \tcurl\t7.88.1-10+deb12u5\tamd64
            ii \tnginx\t1.22.1-9\tamd64
            rc \told-daemon\t2.0-1\tamd64
            un \tforgotten\t\t
            """;
    static final String APT = "DEBIAN_FRONTEND=noninteractive DEBIAN_PRIORITY=critical LC_ALL=C ";
    static final String OPTS = "-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold";
    /** After a refresh, the stamp Ansible judges the cache age by (see PackagePlan). */
    static final String STAMP = " && mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/update-success-stamp";

    private final AptModule module = new AptModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, Map<FactQuery<?>, Object> more) {
        PackageArgs a = new HostRun(dir).parse(module, raw);
        Map<FactQuery<?>, Object> facts = new HashMap<>(more);
        facts.put(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(DPKG.strip()));
        // No name of these fixtures is a virtual package unless a test says so.
        facts.putIfAbsent(new VirtualPackagesQuery(a.names()), Map.of());
        assertThat(module.facts(a)).allMatch(q -> facts.containsKey(q), "every fact the module asks for is in the fixture");
        return module.plan(a, HostRun.facts(facts));
    }

    private static List<String> scripts(Planned p) {
        return p.change().steps().stream().map(Step::script).toList();
    }

    @Test
    void missingPackagesAreInstalledInOneNonInteractiveCommand() {
        Planned p = plan(Map.of("name", List.of("nginx", "htop", "tree")), Map.of());
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().summary()).isEqualTo("packages nginx, htop, tree");
        assertThat(p.change().details()).containsExactly("install htop", "install tree");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " install -- htop tree");
        InstalledPackages after = (InstalledPackages) p.predicted().get(0).value();
        assertThat(after.installedVersion("apt", "htop")).isEqualTo(PackagePlan.UNKNOWN);
    }

    @Test
    void aVirtualPackageOnlyOneInstalledPackageProvidesIsInstalledAsAptPyCountsIt() {
        // apt-cache showpkg for the names dpkg lacks: rubygems is provided by nginx (installed) only; mail-transport-agent
        // by two packages; a real package not installed has versions of its own.
        String showpkg = """
                Package: rubygems
                Versions:\s

                Reverse Depends:\s
                  ruby,rubygems
                Dependencies:\s
                Provides:\s
                Reverse Provides:\s
                nginx 1:3.1 (= )
                nginx 1:3.1+b1 (= )
                Package: mail-transport-agent
                Versions:\s

                Reverse Provides:\s
                exim4-daemon-light 4.96-15 (= )
                curl 1 (= )
                Package: htop
                Versions:\s
                3.2.2-2 (/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages)
                 Description Language:\s

                Reverse Provides:\s
                """;
        List<String> names = List.of("rubygems", "mail-transport-agent", "htop");
        Map<String, List<String>> virtual = new VirtualPackagesQuery(names).parse(showpkg);
        assertThat(virtual).containsOnlyKeys("rubygems", "mail-transport-agent");
        assertThat(virtual.get("rubygems")).containsExactly("nginx");

        Planned p = plan(Map.of("name", names), Map.of(new VirtualPackagesQuery(names), virtual));
        assertThat(p.change().details()).containsExactly("install mail-transport-agent", "install htop");
        Planned settled = plan(Map.of("name", "rubygems"), Map.of(new VirtualPackagesQuery(List.of("rubygems")), virtual));
        assertThat(settled.change().action()).isEqualTo(Action.NO_OP);
        // The one provider not installed: apt-get decides, so the install is planned.
        Map<String, List<String>> notInstalled = Map.of("rubygems", List.of("ruby"));
        assertThat(plan(Map.of("name", "rubygems"), Map.of(new VirtualPackagesQuery(List.of("rubygems")), notInstalled))
                .change().details()).containsExactly("install rubygems");
    }

    @Test
    void installedPackagesAreNoChangeAndAStringNameWorks() {
        Planned p = plan(Map.of("name", "nginx,curl", "state", "present"), Map.of());
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        assertThat(p.change().details()).containsExactly("already installed");
    }

    @Test
    void anArchitectureQualifiedNameMatchesThatArchitectureOnly() {
        assertThat(plan(Map.of("name", "curl:amd64"), Map.of()).change().action()).isEqualTo(Action.NO_OP);
        Planned p = plan(Map.of("name", "curl:i386"), Map.of());
        assertThat(p.change().details()).containsExactly("install curl:i386");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " install -- curl:i386");
        InstalledPackages after = (InstalledPackages) p.predicted().get(0).value();
        assertThat(after.installedVersion("apt", "curl:i386")).isEqualTo(PackagePlan.UNKNOWN);
        assertThat(after.installedVersion("apt", "curl:amd64")).isEqualTo("7.88.1-10+deb12u5");
    }

    @Test
    void latestUpgradesToTheCandidateAndShowsBothVersions() {
        Planned p = plan(Map.of("name", List.of("nginx", "curl", "jq"), "state", "latest", "install_recommends", false),
                Map.of(new CandidatesQuery("apt", List.of("nginx", "curl", "jq")), Map.of("nginx", "1.22.1-9+deb12u1", "curl", "7.88.1-10+deb12u5", "jq", "1.6-2.1")));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("upgrade nginx 1.22.1-9 -> 1.22.1-9+deb12u1", "install jq 1.6-2.1");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " install -o APT::Install-Recommends=no -- nginx jq");
    }

    @Test
    void latestWithoutACandidateForAMissingPackageFailsThePlan() {
        assertThatThrownBy(() -> plan(Map.of("name", "nosuch", "state", "latest"), Map.of(new CandidatesQuery("apt", List.of("nosuch")), Map.of())))
                .isInstanceOf(PlanException.class).hasMessage("no available installation candidate for nosuch");
    }

    @Test
    void absentRemovesInstalledAndPurgePurgesLeftOverConfiguration() {
        Planned p = plan(Map.of("name", List.of("nginx", "old-daemon", "never"), "state", "absent"), Map.of());
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().details()).containsExactly("remove nginx 1.22.1-9");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -q -y " + OPTS + " remove -- nginx");

        Planned purge = plan(Map.of("name", List.of("nginx", "old-daemon"), "state", "absent", "purge", true, "autoremove", "yes"), Map.of());
        assertThat(purge.change().details()).containsExactly("purge nginx 1.22.1-9", "purge configuration of old-daemon");
        assertThat(scripts(purge)).containsExactly(APT + "apt-get -q -y " + OPTS + " --purge --auto-remove remove -- nginx old-daemon");
    }

    @Test
    void aVersionPinIsMetByAMatchingInstalledVersionOnly() {
        assertThat(plan(Map.of("name", "nginx=1.22*"), Map.of()).change().action()).isEqualTo(Action.NO_OP);
        Planned p = plan(Map.of("name", "nginx=1.24.0-1"), Map.of());
        assertThat(p.change().details()).containsExactly("change nginx 1.22.1-9 -> 1.24.0-1");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " install -- nginx=1.24.0-1");
        Planned latest = plan(Map.of("name", "nginx=1.22.1-9", "state", "latest"),
                Map.of(new CandidatesQuery("apt", List.of("nginx")), Map.of("nginx", "1.24.0-1")));
        assertThat(latest.change().action()).as("the pin wins over the candidate").isEqualTo(Action.NO_OP);
    }

    @Test
    void updateCacheRunsOnlyWhenTheListsAreOlderThanCacheValidTime() {
        Planned fresh = plan(Map.of("update_cache", true, "cache_valid_time", 3600), Map.of(AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700000120")));
        assertThat(fresh.change().action()).isEqualTo(Action.NO_OP);
        assertThat(fresh.change().details()).containsExactly("package lists refreshed within cache_valid_time");

        Planned stale = plan(Map.of("name", "htop", "update_cache", "yes", "cache_valid_time", "3600"), Map.of(AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700007200\n")));
        assertThat(stale.change().action()).isEqualTo(Action.UPDATE);
        assertThat(stale.change().details()).containsExactly(
                "refresh package lists (apt-get update; last refreshed 2023-11-14T22:13:20Z, older than cache_valid_time 3600s)", "install htop");
        assertThat(scripts(stale)).containsExactly(APT + "apt-get -q update" + STAMP, APT + "apt-get -y " + OPTS + " install -- htop");
        assertThat(stale.predicted()).anyMatch(u -> u.query().equals(AptCacheQuery.INSTANCE)
                && ((AptCacheQuery.AptCache) u.value()).age() == 0);
        Planned never = plan(Map.of("update_cache", true), Map.of(AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("-1 1700007200")));
        assertThat(never.change().details()).containsExactly("refresh package lists (apt-get update; never refreshed)");
        assertThat(never.change().action()).as("a refresh that is all the task asks for is its change").isEqualTo(Action.UPDATE);
        assertThat(module.reportsNoChange(new HostRun(dir).parse(module, Map.of("update_cache", true)))).isFalse();
    }

    @Test
    void aRefreshBeforePackagesAlreadyInPlaceRunsAndReportsNoChangeAsAptPyDoes() {
        // robertdebock.bootstrap: package: name=python3 update_cache=true, no cache_valid_time. Ansible refreshes the lists
        // every run and reports ok: with packages named, changed says whether they changed.
        Map<String, Object> raw = Map.of("name", "curl", "update_cache", true);
        Planned p = plan(raw, Map.of(AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700000120")));
        assertThat(p.change().action()).isEqualTo(Action.RUN);
        assertThat(scripts(p)).containsExactly(APT + "apt-get -q update" + STAMP);
        assertThat(module.reportsNoChange(new HostRun(dir).parse(module, raw))).isTrue();
        // A .deb, an upgrade or a cleanup keeps its own RUN, which is a change.
        assertThat(module.reportsNoChange(new HostRun(dir).parse(module, Map.of("deb", "/tmp/x.deb", "update_cache", true)))).isFalse();
        assertThat(module.reportsNoChange(new HostRun(dir).parse(module, Map.of("upgrade", "full", "update_cache", true)))).isFalse();
    }

    @Test
    void theCacheFingerprintIgnoresTheClockSoASavedPlanStaysValidUntilTheListsChange() {
        String earlier = FactDigest.of("apt_cache", AptCacheQuery.INSTANCE.parse("1700000000 1700000120"));
        assertThat(FactDigest.of("apt_cache", AptCacheQuery.INSTANCE.parse("1700000000 1700009999"))).isEqualTo(earlier);
        assertThat(FactDigest.of("apt_cache", AptCacheQuery.INSTANCE.parse("1700005000 1700009999"))).isNotEqualTo(earlier);
    }

    @Test
    void autoremoveAloneRemovesWhatTheSimulationListsWithAnsiblesCommand() {
        String simulation = """
                Reading package lists...
                Remv libfoo1 [1.2-3] [liba]
                Remv curl [7.88.1-10+deb12u5]
                0 upgraded, 0 newly installed, 2 to remove and 0 not upgraded.""";
        AutoremoveQuery q = new AutoremoveQuery(true);
        assertThat(q.script()).isEqualTo("LC_ALL=C apt-get -s -o Debug::NoLocking=1 --purge autoremove");
        Planned p = plan(Map.of("autoremove", true, "purge", true), Map.of(q, q.parse(simulation)));
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().summary()).isEqualTo("unneeded packages");
        assertThat(p.change().details()).containsExactly("purge libfoo1 1.2-3", "purge curl 7.88.1-10+deb12u5");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " --purge autoremove");
        assertThat(((InstalledPackages) p.predicted().get(0).value()).installedVersion("apt", "curl")).isNull();
        AutoremoveQuery plain = new AutoremoveQuery(false);
        Planned none = plan(Map.of("autoremove", "yes"), Map.of(plain, plain.parse("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.")));
        assertThat(none.change().details()).containsExactly("no packages to autoremove");
    }

    @Test
    void autoremoveAfterAnEarlierPackageChangeIsKnownAfterApply() {
        AptModule apt = new AptModule();
        HostRun run = new HostRun(dir);
        var facts = HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(DPKG.strip()),
                new AutoremoveQuery(false), List.of()));
        apt.plan(run.parse(apt, Map.of("name", "nginx", "state", "absent")), facts).predicted().forEach(facts::apply);
        Planned cleanup = apt.plan(run.parse(apt, Map.of("autoremove", true)), facts);
        assertThat(cleanup.change().action()).isEqualTo(Action.RUN);
        assertThat(scripts(cleanup)).containsExactly(APT + "apt-get -y " + OPTS + " autoremove");
    }

    @Test
    void upgradeListsWhatTheSimulationUpgradesInstallsAndRemoves() {
        String simulation = """
                Reading package lists...
                Inst nginx [1.22.1-9] (1.22.1-9+deb12u1 Debian-Security:12/stable-security [amd64])
                Inst libnew1 (2.0-1 Debian:12.8/stable [amd64])
                Remv old-lib [0.9-1]
                Conf nginx (1.22.1-9+deb12u1 Debian-Security:12/stable-security [amd64])""";
        UpgradeQuery q = new UpgradeQuery("dist-upgrade");
        assertThat(q.script()).isEqualTo("LC_ALL=C apt-get -s -o Debug::NoLocking=1 dist-upgrade");
        Planned p = plan(Map.of("upgrade", "dist", "autoremove", true), Map.of(q, q.parse(simulation)));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().summary()).isEqualTo("all packages");
        assertThat(p.change().details()).containsExactly("upgrade nginx 1.22.1-9 -> 1.22.1-9+deb12u1", "install libnew1 2.0-1",
                "remove old-lib 0.9-1");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " dist-upgrade --auto-remove");
        UpgradeQuery safe = new UpgradeQuery("upgrade --with-new-pkgs");
        Planned none = plan(Map.of("upgrade", true), Map.of(safe, safe.parse("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.")));
        assertThat(none.change().details()).containsExactly("no packages to upgrade");
        PackageArgs star = new HostRun(dir).parse(module, Map.of("name", "*", "state", "latest"));
        assertThat(star.upgrade()).as("Ansible's name '*' with latest").isEqualTo("upgrade --with-new-pkgs");
        assertThat(star.packages()).isEmpty();
    }

    @Test
    void anUpgradeAfterARefreshIsKnownAfterApply() {
        UpgradeQuery q = new UpgradeQuery("dist-upgrade");
        Planned p = plan(Map.of("upgrade", "full", "update_cache", true, "cache_valid_time", 3600),
                Map.of(q, List.of(), AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700007200")));
        assertThat(p.change().action()).isEqualTo(Action.RUN);
        assertThat(p.change().details()).last().isEqualTo("apt-get dist-upgrade (after the refresh; known after apply)");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -q update" + STAMP, APT + "apt-get -y " + OPTS + " dist-upgrade");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("upgrade", "dist", "name", "x"))).hasMessageContaining("mutually exclusive");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("upgrade", "everything"))).hasMessageContaining("argument 'upgrade'");
    }

    @Test
    void aDebIsInstalledUnlessThatVersionIsAlready() {
        Map<FactQuery<?>, Object> same = Map.of(new DebInfoQuery("/tmp/nginx.deb"), new DebInfoQuery.DebInfo("nginx", "1.22.1-9"));
        assertThat(plan(Map.of("deb", "/tmp/nginx.deb"), same).change().action()).isEqualTo(Action.NO_OP);
        Map<FactQuery<?>, Object> newer = Map.of(new DebInfoQuery("/tmp/nginx.deb"), new DebInfoQuery.DebInfo("nginx", "1.24.0-1"));
        Planned p = plan(Map.of("deb", "/tmp/nginx.deb"), newer);
        assertThat(p.change().details()).containsExactly("upgrade nginx 1.22.1-9 -> 1.24.0-1 from /tmp/nginx.deb");
        assertThat(scripts(p)).containsExactly(APT + "apt-get -y " + OPTS + " install -- /tmp/nginx.deb");
    }

    @Test
    void badInputIsAnErrorNamingTheArgument() {
        HostRun run = new HostRun(dir);
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x", "deb", "/tmp/x.deb"))).isInstanceOf(ArgException.class)
                .hasMessageContaining("deb|package|upgrade");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", List.of("*", "x"), "state", "latest"))).hasMessageContaining("'*'");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x", "state", "installed"))).hasMessageContaining("argument 'state'");
        assertThatThrownBy(() -> run.parse(module, Map.of("state", "present"))).hasMessageContaining("one of the following is required");
        assertThat(module.spec().check("apt", Map.of("name", "x", "force", true))).containsExactly("unsupported argument 'force' for module 'apt'");
        assertThatThrownBy(() -> run.parse(module, Map.of("name", "x", "deb", "/tmp/x.deb", "upgrade", "no"))).hasMessageContaining("mutually exclusive");
    }

    @Test
    void theDpkgListingKeepsInstalledAndConfigFilesEntriesOnly() {
        InstalledPackages db = PackagesQuery.INSTANCE.parse(DPKG.strip());
        assertThat(db.dpkg()).containsOnlyKeys("curl", "nginx", "old-daemon");
        assertThat(db.installedVersion("apt", "old-daemon")).isNull();
        assertThat(db.hasConfigFiles("old-daemon")).isTrue();
        assertThat(db.rpm()).isEmpty();
    }

    @Test
    void aptCachePolicyGivesCandidates() {
        String out = """
                cron:
                  Installed: 3.0pl1-162
                  Candidate: 3.0pl1-162
                  Version table:
                 *** 3.0pl1-162 500
                        500 http://deb.debian.org/debian bookworm/main amd64 Packages
                bash:
                  Installed: 5.2.15-2+b8
                  Candidate: 5.2.15-2+b13
                ghost:
                  Installed: (none)
                  Candidate: (none)""";
        assertThat(new CandidatesQuery("apt", List.of("cron", "bash", "ghost")).parse(out))
                .containsExactlyInAnyOrderEntriesOf(Map.of("cron", "3.0pl1-162", "bash", "5.2.15-2+b13"));
    }
}
