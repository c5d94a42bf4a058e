package dev.opsctl.exec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsctl.diag.Source;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.PlanException;
import dev.opsctl.module.Planned;
import dev.opsctl.module.files.SelinuxContext;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.plan.Action;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Templater;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * setype/seuser/serole/selevel on the modules that write files: facts in, plan out. Ignored on a host without SELinux
 * (as Ansible ignores them there), the task's error on one where it is enabled; a task without them asks nothing more.
 */
class SelinuxArgumentsTest {
    private static final List<String> WRITERS = List.of("file", "copy", "template", "lineinfile", "blockinfile", "replace",
            "assemble", "get_url", "ini_file", "unarchive", "uri");

    @TempDir
    Path dir;

    private final Templater templater = new Templater();

    private TaskPlanner.Parsed<?> parse(Map<String, Object> args) {
        Task task = new Task("t", "copy", args, new Source(dir.resolve("site.yml").toString(), 3, 7), null, null, "item", null, null,
                List.of(), List.of(), null, null, false, false, Map.of(), null, null, List.of(), null, null, null, null, null,
                false, Map.of(), null);
        HostModule<?> copy = (HostModule<?>) ModuleRegistry.builtin().find("copy");
        Set<Path> read = new HashSet<>();
        return new TaskPlanner(templater, dir, read).parse(copy, new TaskScope(task, Map.of(), templater, Set.of()));
    }

    private static Map<dev.opsctl.facts.FactQuery<?>, Object> host(boolean selinux) {
        FileState.Present etc = new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 4096, 1, 3, null, null, null, 0, 0);
        return Map.of(new FileQuery("/etc/app.conf", true), FileState.ABSENT, new FileQuery("/etc", false), etc,
                new SelinuxContext.Enabled(), selinux);
    }

    @Test
    void everyModuleThatWritesFilesTakesTheArguments() {
        for (String module : WRITERS) {
            assertThat(ModuleRegistry.builtin().find(module).spec().names()).as(module).containsAll(SelinuxContext.ARGS);
        }
    }

    @Test
    void withoutSelinuxTheyAreIgnoredAndWithItTheTaskFails() {
        TaskPlanner.Parsed<?> parsed = parse(Map.of("content", "x\n", "dest", "/etc/app.conf", "setype", "httpd_config_t", "seuser", "system_u"));
        assertThat(parsed.facts()).contains(new SelinuxContext.Enabled());
        Planned plain = parsed.plan(HostRun.facts(host(false)));
        assertThat(plain.change().action()).isEqualTo(Action.CREATE);
        assertThat(plain.change().details()).noneMatch(d -> d.contains("httpd_config_t"));
        assertThatThrownBy(() -> parsed.plan(HostRun.facts(host(true)))).isInstanceOf(PlanException.class)
                .hasMessageStartingWith("seuser, setype: SELinux is enabled on this host and opsctl does not set SELinux contexts");
    }

    @Test
    void aTaskWithoutThemAsksNothingAboutSelinux() {
        TaskPlanner.Parsed<?> parsed = parse(Map.of("content", "x\n", "dest", "/etc/app.conf"));
        assertThat(parsed.facts()).doesNotContain(new SelinuxContext.Enabled());
        assertThat(parsed.plan(HostRun.facts(host(true))).change().action()).isEqualTo(Action.CREATE);
    }
}
