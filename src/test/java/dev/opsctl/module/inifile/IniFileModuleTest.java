package dev.opsctl.module.inifile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File in, file out: the expected bytes are what community.general 6.6's ini_file writes for the same task and file. */
class IniFileModuleTest {
    private static final String PHP = "; comment\n[PHP]\nengine = On\n;memory_limit = 64M\nmemory_limit=128M\nmemory_limit = 256M\n\n"
            + "[Date]\n;date.timezone =\n\n[mysql]\nmysql.allow_persistent = On";

    private final IniFileModule module = new IniFileModule();

    @TempDir
    Path dir;

    private Planned plan(Map<String, Object> raw, FileState file) {
        IniFileModule.IniArgs a = new HostRun(dir).parse(module, raw);
        return module.plan(a, HostRun.facts(Map.of(new FileQuery(a.path(), true), file)));
    }

    private static String written(Planned p) {
        for (Step s : p.change().steps()) if (s.stdin().length > 0) return new String(s.stdin(), StandardCharsets.UTF_8);
        return null;
    }

    @Test
    void exclusiveValueReplacesTheFirstMatchAndDropsTheOthersCommentedOnesIncluded() {
        Planned p = plan(Map.of("path", "/etc/php.ini", "section", "PHP", "option", "memory_limit", "value", "512M"), HostRun.file(PHP));
        assertThat(p.change().details()).startsWith("option changed");
        assertThat(written(p)).isEqualTo("; comment\n[PHP]\nengine = On\nmemory_limit = 512M\n\n[Date]\n;date.timezone =\n\n[mysql]\n"
                + "mysql.allow_persistent = On\n");
    }

    @Test
    void newOptionGoesAfterTheSectionsLastSettingAndANewFileStartsWithABlankLine() {
        Planned p = plan(Map.of("path", "/etc/php.ini", "section", "Date", "option", "date.timezone", "value", "UTC",
                "no_extra_spaces", true), HostRun.file("[Date]\n;date.timezone =\n\n[x]\n"));
        assertThat(written(p)).isEqualTo("[Date]\ndate.timezone=UTC\n\n[x]\n");
        Planned created = plan(Map.of("path", "/etc/my.cnf", "section", "mysqld", "option", "bind-address", "value", "127.0.0.1"),
                FileState.ABSENT);
        assertThat(created.change().action()).isEqualTo(Action.CREATE);
        assertThat(written(created)).isEqualTo("\n[mysqld]\nbind-address = 127.0.0.1\n");
    }

    @Test
    void valuesNoValueOptionsAndAbsent() {
        Planned multi = plan(Map.of("path", "/f", "section", "multi", "option", "listen", "values", List.of("a", "b", "a")), HostRun.file("[multi]\n"));
        assertThat(written(multi)).isEqualTo("[multi]\nlisten = a\nlisten = b\n");
        Planned bare = plan(Map.of("path", "/f", "section", "new", "option", "skip-name-resolve", "allow_no_value", true), HostRun.file("[new]\n"));
        assertThat(written(bare)).isEqualTo("[new]\nskip-name-resolve\n");
        Planned gone = plan(Map.of("path", "/f", "section", "a", "state", "absent"), HostRun.file("x = 1\n[a]\ny = 2\n[b]\n"));
        assertThat(written(gone)).isEqualTo("x = 1\n[b]\n");
        assertThat(plan(Map.of("path", "/f", "section", "a", "option", "y", "value", "2"), HostRun.file("[a]\ny = 2\n"))
                .change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void aYamlBooleanIsWrittenAsPythonPrintsIt() {
        Planned p = plan(Map.of("path", "/f", "section", "PHP", "option", "engine", "value", false), HostRun.file("[PHP]\nengine = On\n"));
        assertThat(written(p)).isEqualTo("[PHP]\nengine = False\n");
    }

    @Test
    void presentNeedsAValue() {
        assertThatThrownBy(() -> plan(Map.of("path", "/f", "section", "a", "option", "b"), FileState.ABSENT))
                .isInstanceOf(ArgException.class).hasMessage("Parameter 'value(s)' must be defined if state=present and allow_no_value=False.");
    }
}
