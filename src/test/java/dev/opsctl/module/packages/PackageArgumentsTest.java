package dev.opsctl.module.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.AptCacheQuery;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.facts.PackagesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments real roles pass: apt's default_release, dnf/yum's exclude and allowerasing; the command each plans. */
class PackageArgumentsTest {
    @TempDir
    Path dir;

    private List<String> scripts(HostModule<PackageArgs> module, Map<String, Object> raw, String listing) {
        PackageArgs a = new HostRun(dir).parse(module, raw);
        Planned p = module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(listing.strip()),
                new VirtualPackagesQuery(a.names()), Map.of())));
        return p.change().steps().stream().map(Step::script).toList();
    }

    @Test
    void defaultReleaseFollowsThePackagesAsAnsibleAddsItAndAnEmptyOneIsNone() {
        assertThat(scripts(new AptModule(), Map.of("name", "htop", "default_release", "bookworm-backports"), AptModuleTest.DPKG))
                .singleElement().asString().endsWith("install -t bookworm-backports -- htop");
        assertThat(scripts(new AptModule(), Map.of("name", "htop", "default_release", ""), AptModuleTest.DPKG))
                .singleElement().asString().endsWith("install -- htop");
        assertThatThrownBy(() -> new HostRun(dir).parse(new AptModule(), Map.of("name", "nginx", "state", "latest", "default_release", "x")))
                .isInstanceOf(ArgException.class).hasMessageStartingWith("default_release with state latest is not supported");
    }

    @Test
    void excludeAndAllowerasingBecomeDnfOptionsAndYumRefusesAllowerasing() {
        assertThat(scripts(new RpmPackageModule("dnf"), Map.of("name", "git", "exclude", List.of("kernel*", "php*"), "allowerasing", true),
                RpmPackageModuleTest.RPM)).containsExactly("dnf -y '--exclude=kernel*' '--exclude=php*' --allowerasing install -- git");
        assertThatThrownBy(() -> new HostRun(dir).parse(new RpmPackageModule("yum"), Map.of("name", "git", "allowerasing", true)))
                .isInstanceOf(ArgException.class).hasMessage("unsupported argument 'allowerasing' for module 'yum'");
    }

    @Test
    void packageWithUpdateCacheAndNoNameRefreshesAptsListsAndOnlyApts() {
        PackageModule module = new PackageModule();
        PackageArgs a = new HostRun(dir).parse(module, Map.of("update_cache", true));
        Planned p = module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(AptModuleTest.DPKG.strip()),
                AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700000120"), HostFacts.MIN, Map.of("pkg_mgr", "apt"))));
        assertThat(p.change().steps()).extracting(Step::script).singleElement().asString().endsWith("apt-get -q update && mkdir -p /var/lib/apt/periodic && touch /var/lib/apt/periodic/update-success-stamp");
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(RpmPackageModuleTest.RPM.strip()),
                AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700000120"), HostFacts.MIN, Map.of("pkg_mgr", "dnf")))))
                .isInstanceOf(PlanException.class).hasMessage("update_cache without a name is supported with apt only, not dnf");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("state", "present")))
                .isInstanceOf(ArgException.class).hasMessage("missing required argument 'name'");
    }

    @Test
    void packageWithCacheValidTimeRefreshesAptsListsOnlyWhenTheyAreOlder() {
        PackageModule module = new PackageModule();
        PackageArgs a = new HostRun(dir).parse(module, Map.of("update_cache", true, "cache_valid_time", 600));
        // Lists refreshed 120 s ago: younger than 600 s, nothing to do.
        Planned fresh = module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(AptModuleTest.DPKG.strip()),
                AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700000120"), HostFacts.MIN, Map.of("pkg_mgr", "apt"))));
        assertThat(fresh.change().steps()).isEmpty();
        // Refreshed 3,600 s ago: older, so apt's lists are refreshed (cache_valid_time alone implies update_cache).
        PackageArgs alone = new HostRun(dir).parse(module, Map.of("cache_valid_time", 600));
        Planned stale = module.plan(alone, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(AptModuleTest.DPKG.strip()),
                AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700003600"), HostFacts.MIN, Map.of("pkg_mgr", "apt"))));
        assertThat(stale.change().steps()).extracting(Step::script).singleElement().asString().contains("apt-get -q update");
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(RpmPackageModuleTest.RPM.strip()),
                AptCacheQuery.INSTANCE, AptCacheQuery.INSTANCE.parse("1700000000 1700000120"), HostFacts.MIN, Map.of("pkg_mgr", "dnf")))))
                .isInstanceOf(PlanException.class).hasMessage("Unsupported parameters for (dnf) module: cache_valid_time");
    }

    @Test
    void policyRcDWrapsAptGetAndPutsBackAnExistingScript() throws Exception {
        List<String> cmds = scripts(new AptModule(), Map.of("name", "htop", "policy_rc_d", 101), AptModuleTest.DPKG);
        assertThat(cmds).singleElement().asString().startsWith("( p=/usr/sbin/policy-rc.d;").contains("apt-get -y")
                .endsWith("exit $rc )");
    }

    @Test
    void installRecommendsThroughPackageReachesAptAndIsRefusedForDnf() {
        PackageModule module = new PackageModule();
        PackageArgs a = new HostRun(dir).parse(module, Map.of("name", "htop", "install_recommends", false));
        Planned apt = module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(AptModuleTest.DPKG.strip()),
                HostFacts.MIN, Map.of("pkg_mgr", "apt"), new VirtualPackagesQuery(a.names()), Map.of())));
        assertThat(apt.change().steps()).extracting(Step::script).singleElement().asString().endsWith("install -o APT::Install-Recommends=no -- htop");
        assertThatThrownBy(() -> module.plan(a, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(RpmPackageModuleTest.RPM.strip()),
                HostFacts.MIN, Map.of("pkg_mgr", "dnf"))))).isInstanceOf(PlanException.class)
                .hasMessage("Unsupported parameters for (dnf) module: install_recommends");
    }
}
