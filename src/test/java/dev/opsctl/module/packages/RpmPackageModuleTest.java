package dev.opsctl.module.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.CandidatesQuery;
import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.HostFacts;
import dev.opsctl.facts.PackagesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostModule;
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

/** dnf, yum and package fixtures: an rpm (or dpkg) listing and the host's pkg_mgr in, the planned change out. */
class RpmPackageModuleTest {
    static final String RPM = """
            @rpm
            ii \tnginx\t1:1.20.1-14.el9\tx86_64
            ii \tbash\t0:5.1.8-6.el9\tx86_64
            """;

    @TempDir
    Path dir;

    private Planned plan(HostModule<PackageArgs> module, Map<String, Object> raw, String listing, Map<FactQuery<?>, Object> more) {
        PackageArgs a = new HostRun(dir).parse(module, raw);
        Map<FactQuery<?>, Object> facts = new HashMap<>(more);
        facts.put(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(listing.strip()));
        // The package module asks apt for virtual packages when the host may have apt; no name here is one.
        facts.putIfAbsent(new VirtualPackagesQuery(a.names()), Map.of());
        assertThat(module.facts(a)).allMatch(facts::containsKey, "every fact the module asks for is in the fixture");
        return module.plan(a, HostRun.facts(facts));
    }

    private static List<String> scripts(Planned p) {
        return p.change().steps().stream().map(Step::script).toList();
    }

    @Test
    void dnfInstallsMissingPackagesInOneCommandWithRefreshAndRepoOptions() {
        Planned p = plan(new RpmPackageModule("dnf"), Map.of("name", List.of("nginx", "git", "tmux"), "state", "installed",
                "update_cache", true, "enablerepo", "epel", "disable_gpg_check", true), RPM, Map.of());
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("install git", "install tmux");
        assertThat(scripts(p)).containsExactly("dnf -y --nogpgcheck --enablerepo=epel --refresh install -- git tmux");
    }

    @Test
    void yumLatestUpgradesWhenTheCandidateIsNewer() {
        Planned p = plan(new RpmPackageModule("yum"), Map.of("name", "nginx,bash", "state", "latest"), RPM,
                Map.of(new CandidatesQuery("yum", List.of("nginx", "bash")), Map.of("nginx", "1:1.20.1-16.el9", "bash", "5.1.8-6.el9")));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().details()).containsExactly("upgrade nginx 1:1.20.1-14.el9 -> 1:1.20.1-16.el9");
        assertThat(scripts(p)).containsExactly("yum -y install -- nginx");
    }

    @Test
    void yumLatestWithoutRepoqueryFailsThePlanInsteadOfGuessing() {
        CandidatesQuery q = new CandidatesQuery("yum", List.of("nginx"));
        assertThat(q.script()).contains("command -v repoquery");
        assertThatThrownBy(() -> plan(new RpmPackageModule("yum"), Map.of("name", "nginx", "state", "latest"), RPM,
                Map.of(q, q.parse(CandidatesQuery.NO_TOOL)))).isInstanceOf(PlanException.class).hasMessageContaining("yum-utils");
    }

    @Test
    void dnfRemovesWithItsDependenciesWhenAutoremoveAndIsNoChangeWhenAbsent() {
        Planned p = plan(new RpmPackageModule("dnf"), Map.of("name", "nginx", "state", "removed", "autoremove", true), RPM, Map.of());
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(scripts(p)).containsExactly("dnf -y --setopt=clean_requirements_on_remove=1 remove -- nginx");
        assertThat(plan(new RpmPackageModule("dnf"), Map.of("name", "git", "state", "absent"), RPM, Map.of()).change().details())
                .containsExactly("already absent");
    }

    @Test
    void packagePicksTheManagerFromTheHostsPkgMgrFact() {
        PackageModule module = new PackageModule();
        Planned onRedHat = plan(module, Map.of("name", "git"), RPM, Map.of(HostFacts.MIN, Map.of("pkg_mgr", "dnf")));
        assertThat(scripts(onRedHat)).containsExactly("dnf -y install -- git");
        Planned onDebian = plan(module, Map.of("name", List.of("nginx", "git")), AptModuleTest.DPKG, Map.of(HostFacts.MIN, Map.of("pkg_mgr", "apt")));
        assertThat(scripts(onDebian)).containsExactly(AptModuleTest.APT + "apt-get -y " + AptModuleTest.OPTS + " install -- git");
        assertThatThrownBy(() -> plan(module, Map.of("name", "git"), RPM, Map.of(HostFacts.MIN, Map.of("pkg_mgr", "zypper"))))
                .isInstanceOf(PlanException.class).hasMessageContaining("'zypper' is not supported");
        assertThatThrownBy(() -> plan(module, Map.of("name", "git=2.39"), RPM, Map.of(HostFacts.MIN, Map.of("pkg_mgr", "dnf"))))
                .isInstanceOf(PlanException.class).hasMessageContaining("only supported by apt");
    }

    @Test
    void groupsFilesAndUrlsAreErrorsNamingTheArgument() {
        HostRun run = new HostRun(dir);
        for (String name : List.of("@core", "/tmp/x.rpm", "https://example.com/x.rpm")) {
            assertThatThrownBy(() -> run.parse(new RpmPackageModule("dnf"), Map.of("name", name)))
                    .isInstanceOf(ArgException.class).hasMessageContaining("argument 'name'");
        }
    }

    @Test
    void theRpmListingDropsAZeroEpoch() {
        assertThat(PackagesQuery.INSTANCE.parse(RPM.strip()).installedVersion("dnf", "bash")).isEqualTo("5.1.8-6.el9");
    }
}
