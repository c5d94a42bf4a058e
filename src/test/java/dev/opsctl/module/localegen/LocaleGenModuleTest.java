package dev.opsctl.module.localegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.facts.LocalesQuery;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /etc/locale.gen and {@code locale -a} in, the edit and locale-gen out, as locale_gen.py decides them. */
class LocaleGenModuleTest {
    private static final String DEBIAN = """
            # This file lists locales that you wish to have built.
            # de_CH.UTF-8 UTF-8
            # en_US ISO-8859-1
            # en_US.UTF-8 UTF-8
            fr_FR.UTF-8 UTF-8
            """;
    private final LocaleGenModule module = new LocaleGenModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> args, String localeGen, String localeA) {
        LocaleGenModule.LocaleArgs a = new HostRun(dir).parse(module, args);
        return module.plan(a, HostRun.facts(Map.of(new FileQuery(LocaleGenModule.LOCALE_GEN, true), HostRun.file(localeGen),
                new FileQuery(LocaleGenModule.UBUNTU_SUPPORTED, false), FileState.ABSENT,
                new LocalesQuery(), new LocalesQuery().parse(localeA))));
    }

    @Test
    void aMissingLocaleIsEnabledInTheFileThenGenerated() {
        Planned p = plan(Map.of("name", "en_US.UTF-8"), DEBIAN, "C\nC.utf8\nfr_FR.utf8\nPOSIX\n");
        assertThat(p.change().action()).isEqualTo(Action.UPDATE);
        assertThat(p.change().diff()).contains("-# en_US.UTF-8 UTF-8\n+en_US.UTF-8 UTF-8\n");
        assertThat(p.change().steps()).hasSize(2);
        assertThat(p.change().steps().get(1)).isEqualTo(new Step("locale-gen"));
        assertThat(HostRun.predicted(p, new LocalesQuery())).isEqualTo(List.of("C", "C.utf8", "fr_FR.utf8", "POSIX", "en_US.UTF-8"));
        assertThat(module.registered(new LocaleGenModule.LocaleArgs("en_US.UTF-8", true), p, null)).containsEntry("msg", "OK");
    }

    @Test
    void presenceIsWhatLocaleListsInEitherSpelling() {
        assertThat(plan(Map.of("name", "fr_FR.UTF-8"), DEBIAN, "fr_FR.utf8\n").change().action()).isEqualTo(Action.NO_OP);
        // Enabled in the file but never generated: only locale-gen runs, the file stays as it is.
        Planned gen = plan(Map.of("name", "fr_FR.UTF-8"), DEBIAN, "C\n");
        assertThat(gen.change().steps()).containsExactly(new Step("locale-gen"));
        assertThat(plan(Map.of("name", "en_US.UTF-8", "state", "absent"), DEBIAN, "C\n").change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void absentCommentsTheLineOutWithLocaleGensSpacing() {
        Planned p = plan(Map.of("name", "fr_FR.UTF-8", "state", "absent"), DEBIAN, "fr_FR.utf8\n");
        assertThat(p.change().diff()).contains("-fr_FR.UTF-8 UTF-8\n+# fr_FR.UTF-8 UTF-8\n");
        assertThat(HostRun.predicted(p, new LocalesQuery())).isEqualTo(List.of());
    }

    @Test
    void aNameWithoutALineFailsAsAnsibleDoes() {
        assertThatThrownBy(() -> plan(Map.of("name", "xx_YY.UTF-8"), DEBIAN, "C\n")).isInstanceOf(PlanException.class)
                .hasMessage("The locale you've entered is not available on your system.");
    }

    @Test
    void theEditMatchesPythonsSubstitutionLineByLine() {
        assertThat(LocaleGenFile.withLocale(DEBIAN, "en_US", true)).contains("\nen_US ISO-8859-1\n# en_US.UTF-8 UTF-8\n");
        assertThat(LocaleGenFile.withLocale("#en_US.UTF-8 UTF-8\n", "en_US.UTF-8", false)).isEqualTo("# en_US.UTF-8 UTF-8\n");
        assertThat(LocaleGenFile.withLocale("#   en_US.UTF-8 UTF-8", "en_US.UTF-8", true)).isEqualTo("en_US.UTF-8 UTF-8");
        assertThat(LocaleGenFile.available("#en_US.UTF-8   UTF-8\n", "en_US.UTF-8")).isFalse();
    }
}
