package dev.opsctl.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.diag.Source;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.module.HostModule;
import dev.opsctl.module.HostRun;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.module.Planned;
import dev.opsctl.plan.Action;
import dev.opsctl.playbook.Task;
import dev.opsctl.template.Templater;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A template task planned from its scope: the content the host would get, and one parse for the same variables. */
class TaskPlannerTest {
    @TempDir
    Path dir;

    private final Templater templater = new Templater();
    private final Set<Path> filesRead = new HashSet<>();
    /** One task, as the prefetch and the run see the same task. */
    private Task task;
    private final FileState.Present etc = new FileState.Present(FileState.Kind.DIRECTORY, 0755, "root", "root", 4096, 1, 3,
            null, null, null, 0, 0);

    @Test
    void aTemplateTaskPlansTheRenderedContentAndNothingOnceTheHostHoldsIt() throws Exception {
        template("port={{ port }} {{ workers | join(',') }}\n");
        TaskPlanner planner = new TaskPlanner(templater, dir, filesRead);
        TaskPlanner.Parsed<?> parsed = planner.parse(module(), scope(vars("port", 8080, "workers", List.of("a", "b"))));

        Planned fresh = parsed.plan(HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), FileState.ABSENT,
                new FileQuery("/etc", false), etc)));
        assertThat(fresh.change().action()).isEqualTo(Action.CREATE);
        assertThat(fresh.change().diff()).contains("+port=8080 a,b");
        assertThat(((FileState.Present) fresh.predicted().get(0).value()).contentText()).isEqualTo("port=8080 a,b\n");
        // The controller file read is what a saved plan hashes.
        assertThat(filesRead).contains(dir.resolve("templates/app.conf.j2").toAbsolutePath().normalize());

        Planned same = parsed.plan(HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), HostRun.file("port=8080 a,b\n"),
                new FileQuery("/etc", false), etc)));
        assertThat(same.change().action()).isEqualTo(Action.NO_OP);
    }

    @Test
    void theSameVariablesPlanFromOneParseAndOtherValuesParseAgain() throws Exception {
        template("port={{ port }} {{ workers | join(',') }}\n");
        TaskPlanner planner = new TaskPlanner(templater, dir, filesRead);
        List<String> workers = List.of("a", "b");
        TaskPlanner.Parsed<?> first = planner.parse(module(), scope(vars("port", 8080, "workers", workers)));
        // A new map of the same values (as each task's variables are built, for the prefetch and again to run).
        assertThat(planner.parse(module(), scope(vars("port", 8080, "workers", workers)))).isSameAs(first);
        // An earlier task may write the template (delegated to the controller): the file as it is now is rendered.
        template("changed {{ port }}\n");
        assertThat(content(planner.parse(module(), scope(vars("port", 8080, "workers", workers))))).isEqualTo("changed 8080\n");
        assertThat(content(planner.parse(module(), scope(vars("port", 9090, "workers", workers))))).isEqualTo("changed 9090\n");
        assertThat(content(planner.parse(module(), scope(vars("port", 8080, "workers", List.of("c")))))).isEqualTo("changed 8080\n");
    }

    @Test
    void variablesTheTaskDoesNotReadMayChangeAndStillPlanFromOneParse() throws Exception {
        template("port={{ port }}\n");
        TaskPlanner planner = new TaskPlanner(templater, dir, filesRead);
        TaskPlanner.Parsed<?> prefetched = planner.parse(module(), scope(vars("port", 8080)));
        // Facts gathered after the prefetch, a set_fact of another name: the template reads neither.
        assertThat(planner.parse(module(), scope(vars("port", 8080, "ansible_hostname", "web1", "other", List.of())))).isSameAs(prefetched);
        assertThat(content(planner.parse(module(), scope(vars("port", 9090, "ansible_hostname", "web1"))))).isEqualTo("port=9090\n");
    }

    @Test
    void aParseWithFactStandInsIsNeverReused() throws Exception {
        template("[{{ ansible_default_ipv4 }}]\n");
        TaskPlanner planner = new TaskPlanner(templater, dir, filesRead);
        planner.parse(module(), scope(vars("ansible_default_ipv4", FactStandIn.INSTANCE)));
        // An empty dict equals the stand-in as a map; the real fact must still be rendered.
        assertThat(content(planner.parse(module(), scope(vars("ansible_default_ipv4", Map.of()))))).isEqualTo("[{}]\n");
    }

    /** The content the task would write, as its plan against a host without the file predicts it. */
    private String content(TaskPlanner.Parsed<?> parsed) {
        Planned p = parsed.plan(HostRun.facts(Map.of(new FileQuery("/etc/app.conf", true), FileState.ABSENT,
                new FileQuery("/etc", false), etc)));
        return ((FileState.Present) p.predicted().get(0).value()).contentText();
    }

    private void template(String text) throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("templates/app.conf.j2"), text);
    }

    private static HostModule<?> module() {
        return (HostModule<?>) ModuleRegistry.builtin().find("template");
    }

    private TaskScope scope(Map<String, Object> vars) {
        if (task == null) task = task("template", Map.of("src", "app.conf.j2", "dest", "/etc/app.conf"));
        return new TaskScope(task, vars, templater, Set.of());
    }

    private Task task(String module, Map<String, Object> args) {
        return new Task("t", module, args, new Source(dir.resolve("site.yml").toString(), 3, 7), null, null, "item", null, null,
                List.of(), List.of(), null, null, false, false, Map.of(), null, null, List.of(), null, null, null, null, null,
                false, Map.of(), null);
    }

    private static Map<String, Object> vars(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
