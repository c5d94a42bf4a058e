package dev.opsctl.module.aptrepository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AptRepositoryModuleTest {
    private static final String CHROME = "deb [arch=amd64] https://dl.google.com/linux/chrome/deb/ stable main";

    private final AptRepositoryModule module = new AptRepositoryModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, Map<String, FileState.Present> files) {
        return module.plan(new HostRun(dir).parse(module, raw), HostRun.facts(Map.of(AptRepositoryModule.SOURCES, files)));
    }

    private static Map<String, FileState.Present> sources(String... pathAndText) {
        Map<String, FileState.Present> m = new LinkedHashMap<>();
        for (int i = 0; i < pathAndText.length; i += 2) m.put(pathAndText[i], HostRun.file(pathAndText[i + 1]));
        return m;
    }

    @Test
    void fileNamesAreDerivedAsAnsibleDerivesThem() {
        assertThat(AptRepositoryModule.fileName(CHROME, null)).isEqualTo("dl_google_com_linux_chrome_deb.list");
        assertThat(AptRepositoryModule.fileName("deb http://user:pw@repo.example.org:8080/debian bookworm main", null))
                .isEqualTo("repo_example_org_8080_debian.list");
        assertThat(AptRepositoryModule.fileName(CHROME, "google-chrome")).isEqualTo("google-chrome.list");
    }

    @Test
    void aNewEntryGoesToItsOwnFileWithMode0644AndUpdatesTheCache() {
        Planned p = plan(Map.of("repo", CHROME + "  # comment dropped"), sources("/etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n"));
        assertThat(p.change().action()).isEqualTo(Action.CREATE);
        assertThat(p.change().details()).containsExactly("create /etc/apt/sources.list.d/dl_google_com_linux_chrome_deb.list: content 69 bytes",
                "update the package cache (apt-get update)");
        Step write = p.change().steps().get(0);
        assertThat(new String(write.stdin(), StandardCharsets.UTF_8)).isEqualTo(CHROME + "\n");
        assertThat(write.script()).contains("umask 0133");
        assertThat(p.change().steps().get(1).script()).isEqualTo("apt-get update -q");
    }

    @Test
    void anEnabledEntryAnywhereIsNoChangeAndADisabledOneIsEnabledInPlace() {
        Map<String, FileState.Present> files = sources("/etc/apt/sources.list", "# main\ndeb   http://deb.debian.org/debian bookworm main\n");
        assertThat(plan(Map.of("repo", "deb http://deb.debian.org/debian bookworm main"), files).change().action()).isEqualTo(Action.NO_OP);
        Planned p = plan(Map.of("repo", "deb http://x.org/d stable main", "update_cache", false),
                sources("/etc/apt/sources.list.d/x.list", "#deb http://x.org/d stable main # old\n"));
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().steps()).hasSize(1);
        assertThat(new String(p.change().steps().get(0).stdin(), StandardCharsets.UTF_8)).isEqualTo("deb http://x.org/d stable main # old\n");
    }

    @Test
    void absentRemovesTheEntryAndAFileLeftEmpty() {
        Planned p = plan(Map.of("repo", CHROME, "state", "absent", "update_cache", "no"),
                sources("/etc/apt/sources.list.d/dl_google_com_linux_chrome_deb.list", CHROME + "\n",
                        "/etc/apt/sources.list", "deb http://deb.debian.org/debian bookworm main\n" + CHROME + "\n"));
        assertThat(p.change().action()).isEqualTo(Action.DELETE);
        assertThat(p.change().details()).containsExactly("remove /etc/apt/sources.list.d/dl_google_com_linux_chrome_deb.list (no entries left)",
                "update /etc/apt/sources.list: content 116 -> 47 bytes");
        assertThat(p.change().steps().get(0).script()).isEqualTo("rm -f -- /etc/apt/sources.list.d/dl_google_com_linux_chrome_deb.list");
        assertThat(plan(Map.of("repo", CHROME, "state", "absent"), sources()).change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aDisabledOrNonDebLineIsInvalid() {
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("repo", "# deb http://x y")))
                .isInstanceOf(ArgException.class).hasMessage("Invalid repository string: # deb http://x y");
        assertThatThrownBy(() -> new HostRun(dir).parse(module, Map.of("repo", "ppa:owner/name")))
                .isInstanceOf(ArgException.class).hasMessageContaining("PPA");
    }
}
