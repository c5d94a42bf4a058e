package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plays that can tell run their batch in step, as Ansible's linear strategy: with any_errors_fatal or
 * max_fail_percentage no host starts the task after the one that failed (whatever the forks), the stopped hosts'
 * handlers do not run, and a plan stops the same way; an unreachable host leaves the barrier instead of holding the
 * others. Expected logs are what ansible-playbook 2.14 wrote for the same plays (LockstepSideBySideIT checks that on
 * the fleet).
 */
class LockstepTest {
    @TempDir
    Path dir;

    private Path inventory(String extra) throws Exception {
        StringBuilder ini = new StringBuilder("[app]\n");
        for (int i = 1; i <= 4; i++) {
            ini.append("h").append(i).append(" ansible_connection=local").append(i == 2 ? " broken=1" : "").append('\n');
        }
        ini.append(extra);
        return Files.writeString(dir.resolve("hosts.ini"), ini);
    }

    private Path playbook(String keywords) throws Exception {
        return Files.writeString(dir.resolve("site.yml"), """
                - hosts: app
                  gather_facts: false
                  KEYWORDS
                  tasks:
                    - shell: echo {{ inventory_hostname }} t1 >> DIR/log
                      notify: h
                    - shell: "{{ 'exit 1' if broken is defined else 'echo ' + inventory_hostname + ' t2 >> DIR/log' }}"
                    - shell: echo {{ inventory_hostname }} t3 >> DIR/log
                  handlers:
                    - name: h
                      shell: echo {{ inventory_hostname }} handler >> DIR/log
                - hosts: app
                  gather_facts: false
                  tasks:
                    - shell: echo {{ inventory_hostname }} play2 >> DIR/log
                """.replace("KEYWORDS", keywords).replace("DIR", dir.toString()));
    }

    private List<String> log() throws Exception {
        Path log = dir.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void anyErrorsFatalStopsEveryHostAfterTheFailedTaskWhateverTheForks() throws Exception {
        Path pb = playbook("any_errors_fatal: true");
        for (String forks : List.of("1", "2", "5")) {
            Files.deleteIfExists(dir.resolve("log"));
            CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString(), "-f", forks);
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            // Every host ran task 1, the others task 2; nobody task 3, a handler or the next play.
            assertThat(log()).as("-f " + forks).containsExactlyInAnyOrder("h1 t1", "h2 t1", "h3 t1", "h4 t1", "h1 t2", "h3 t2", "h4 t2");
            assertThat(r.out()).contains("Stopped: h2 failed and any_errors_fatal is set.");
        }
    }

    @Test
    void maxFailPercentageExceededStopsAfterThatTaskAndLaterBatches() throws Exception {
        CliRun r = CliRun.of("apply", playbook("serial: 2\n  max_fail_percentage: 49").toString(), "-i", inventory("").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(log()).containsExactlyInAnyOrder("h1 t1", "h2 t1", "h1 t2");
        assertThat(r.out()).contains("Stopped: 1 of 2 hosts failed, more than max_fail_percentage 49%. Not started: h3, h4.");
    }

    @Test
    void withinTheLimitTheOthersFinishWithTheirHandlers() throws Exception {
        CliRun r = CliRun.of("apply", playbook("max_fail_percentage: 30").toString(), "-i", inventory("").toString(), "-f", "2");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(log()).containsExactlyInAnyOrder("h1 t1", "h2 t1", "h3 t1", "h4 t1", "h1 t2", "h3 t2", "h4 t2",
                "h1 t3", "h3 t3", "h4 t3", "h1 handler", "h3 handler", "h4 handler", "h1 play2", "h3 play2", "h4 play2");
        // In step: every host finished a task before any started the next.
        List<String> tasks = log().stream().map(l -> l.split(" ")[1]).toList();
        assertThat(tasks).isSortedAccordingTo((a, b) -> Integer.compare(order(a), order(b)));
    }

    private static int order(String task) {
        return List.of("t1", "t2", "t3", "handler", "play2").indexOf(task);
    }

    @Test
    void aPlanStopsTheSameWay() throws Exception {
        Files.writeString(dir.resolve("site.yml"), """
                - hosts: app
                  gather_facts: false
                  any_errors_fatal: true
                  tasks:
                    - copy: {dest: "DIR/{{ inventory_hostname }}.1", content: "x"}
                    - copy: {dest: "DIR/{{ inventory_hostname }}.2", src: "{{ 'missing.txt' if broken is defined else 'site.yml' }}"}
                    - copy: {dest: "DIR/{{ inventory_hostname }}.3", content: "x"}
                """.replace("DIR", dir.toString()));
        CliRun plan = CliRun.of("plan", dir.resolve("site.yml").toString(), "-i", inventory("").toString(), "-f", "1");
        // h2's plan fails at task 2: no host plans task 3, as apply would not run it.
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isNotZero();
        assertThat(plan.out()).contains(dir.resolve("h1.2").toString()).doesNotContain(dir.resolve("h1.3").toString())
                .contains("not run, the batch was stopped: h2 failed and any_errors_fatal is set");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.matches("h\\d\\.\\d"));
        }
    }

    @Test
    void anUnreachableHostLeavesTheBarrierInPlanAndApply() throws Exception {
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: app
                  gather_facts: false
                  tasks:
                    - shell: echo {{ inventory_hostname }} t1 >> DIR/log
                    - command: echo from {{ inventory_hostname }}
                      register: once
                      run_once: true
                    - shell: echo {{ inventory_hostname }} {{ once.stdout }} >> DIR/log
                """.replace("DIR", dir.toString()));
        Path inv = Files.writeString(dir.resolve("hosts.ini"), """
                [app]
                gone ansible_host=127.0.0.1 ansible_port=1 ansible_user=nobody
                h1 ansible_connection=local
                h2 ansible_connection=local
                """);
        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv.toString(), "-T", "5");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(4);
        assertThat(log()).isEmpty();
        CliRun apply = CliRun.of("apply", pb.toString(), "-i", inv.toString(), "-T", "5", "-f", "1");
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(4);
        // The first host still running (h1) ran the run_once task; both took its result.
        assertThat(log()).containsExactlyInAnyOrder("h1 t1", "h2 t1", "h1 from h1", "h2 from h1");
    }

    @Test
    void hostvarsShowTheOtherHostsValueAsItIsWhenTheTaskRuns() throws Exception {
        Files.writeString(dir.resolve("read.yml"), """
                - shell: echo {{ inventory_hostname }} sees {{ hostvars['h1'].counter }} >> DIR/log
                """.replace("DIR", dir.toString()));
        Path pb = Files.writeString(dir.resolve("site.yml"), """
                - hosts: app
                  gather_facts: false
                  tasks:
                    - set_fact: {counter: 1}
                    - import_tasks: read.yml
                    - set_fact: {counter: "{{ counter + 1 }}"}
                    - import_tasks: read.yml
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString(), "-f", "2");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(log()).containsExactlyInAnyOrder("h1 sees 1", "h2 sees 1", "h3 sees 1", "h4 sees 1",
                "h1 sees 2", "h2 sees 2", "h3 sees 2", "h4 sees 2");
    }
}
