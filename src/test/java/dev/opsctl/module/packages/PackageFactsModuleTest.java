package dev.opsctl.module.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.PackagesQuery;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** package_facts fixtures: a dpkg and rpm listing in, {@code ansible_facts.packages} out, nothing changed. */
class PackageFactsModuleTest {
    private final PackageFactsModule module = new PackageFactsModule();

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    private Map<String, Object> packages(Map<String, Object> raw, String listing) {
        PackageFactsModule.Managers m = new HostRun(dir).parse(module, raw);
        Planned p = module.plan(m, HostRun.facts(Map.of(PackagesQuery.INSTANCE, PackagesQuery.INSTANCE.parse(listing))));
        assertThat(p.change().action()).isEqualTo(Action.NO_OP);
        Map<String, Object> facts = (Map<String, Object>) module.registered(m, p, null).get("ansible_facts");
        return (Map<String, Object>) facts.get("packages");
    }

    @Test
    void aptPackagesByNameWithVersionArchAndSourceLeavingOutRemovedOnes() {
        Map<String, Object> p = packages(Map.of(), AptModuleTest.DPKG.strip());
        assertThat(p).containsOnlyKeys("curl", "nginx");
        assertThat(p.get("nginx")).isEqualTo(List.of(Map.of("name", "nginx", "version", "1.22.1-9", "arch", "amd64", "source", "apt")));
    }

    @Test
    void rpmEntriesSplitVersionReleaseAndEpochAndStrategyFirstStopsAtTheFirstManagerWithPackages() {
        String both = AptModuleTest.DPKG.strip() + "\n" + RpmPackageModuleTest.RPM.strip();
        Map<String, Object> rpm = packages(Map.of("manager", "rpm"), both);
        assertThat(rpm).containsOnlyKeys("nginx", "bash");
        @SuppressWarnings("unchecked")
        Map<String, Object> nginx = (Map<String, Object>) ((List<?>) rpm.get("nginx")).get(0);
        assertThat(nginx).containsEntry("version", "1.20.1").containsEntry("release", "14.el9").containsEntry("epoch", (Object) 1)
                .containsEntry("arch", "x86_64").containsEntry("source", "rpm");
        assertThat(packages(Map.of(), both)).containsOnlyKeys("curl", "nginx");
        assertThat((List<?>) packages(Map.of("strategy", "all"), both).get("nginx")).hasSize(2);
    }

    @Test
    void anUnknownManagerIsAnError() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("manager", "pacman"))).isInstanceOf(ArgException.class)
                .hasMessageContaining("'pacman' is not supported");
    }
}
