package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** serial, max_fail_percentage, any_errors_fatal, order, throttle and opsctl_window, on five local hosts. */
class RollingApplyTest {
    @TempDir
    Path dir;

    private Path inventory(String failing) throws Exception {
        StringBuilder ini = new StringBuilder("[app]\n");
        for (int i = 1; i <= 5; i++) {
            ini.append("h").append(i).append(" ansible_connection=local broken=").append(failing.contains("h" + i) ? "true" : "false").append('\n');
        }
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, ini);
        return inv;
    }

    private Path playbook(String yaml) throws Exception {
        Path pb = dir.resolve("site.yml");
        Files.writeString(pb, yaml.replace("DIR", dir.toString()));
        return pb;
    }

    private List<String> log() throws Exception {
        Path log = dir.resolve("log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void serialRunsBatchesInTurnWithListsAndPercentages() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  serial: [1, "40%"]
                  tasks:
                    - shell: echo "{{ inventory_hostname }} {{ ansible_play_batch | join(',') }}" >> DIR/log
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        // 40% of 5 hosts is 2: batches of 1, 2, 2; a batch ends before the next starts.
        assertThat(log()).containsExactlyInAnyOrder("h1 h1", "h2 h2,h3", "h3 h2,h3", "h4 h4,h5", "h5 h4,h5");
        assertThat(log().get(0)).isEqualTo("h1 h1");
        assertThat(log().subList(1, 3)).allMatch(l -> l.endsWith("h2,h3"));
    }

    @Test
    void handlersRunWithinTheirBatchBeforeTheNextBatchStarts() throws Exception {
        Path pb = playbook("""
                - hosts: app:!h4:!h5
                  gather_facts: false
                  serial: 1
                  tasks:
                    - shell: echo {{ inventory_hostname }} task >> DIR/log
                      notify: restart
                  handlers:
                    - name: restart
                      shell: echo {{ inventory_hostname }} handler >> DIR/log
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(log()).containsExactly("h1 task", "h1 handler", "h2 task", "h2 handler", "h3 task", "h3 handler");
    }

    @Test
    void orderReverseInventoryWithSerialOne() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  serial: 1
                  order: reverse_inventory
                  tasks:
                    - shell: echo {{ inventory_hostname }} >> DIR/log
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(log()).containsExactly("h5", "h4", "h3", "h2", "h1");
    }

    @Test
    void exceedingMaxFailPercentageStopsBeforeTheNextBatchAndNamesTheHostsLeft() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  serial: 2
                  max_fail_percentage: 49
                  tasks:
                    - command: "false"
                      when: broken | bool
                    - shell: echo {{ inventory_hostname }} >> DIR/log
                - hosts: app
                  gather_facts: false
                  tasks:
                    - shell: echo second play >> DIR/log
                """);
        // As Ansible (checked side by side): the batch goes in step, so h2's failure of the first task stops h1 before
        // its second, whatever the forks.
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("h2").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(log()).isEmpty();
        assertThat(r.out()).contains("Stopped: 1 of 2 hosts failed, more than max_fail_percentage 49%. Not started: h3, h4, h5.");
    }

    @Test
    void failuresWithinTheLimitLetLaterBatchesRun() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  serial: 2
                  max_fail_percentage: "50%"
                  tasks:
                    - command: "false"
                      when: broken | bool
                    - shell: echo {{ inventory_hostname }} >> DIR/log
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("h2").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(log()).containsExactlyInAnyOrder("h1", "h3", "h4", "h5");
        assertThat(r.out()).doesNotContain("Stopped:");
    }

    @Test
    void aWholeFailedBatchStopsTheRunEvenWithoutALimit() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  serial: 1
                  tasks:
                    - command: "false"
                      when: broken | bool
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("h2").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.out()).contains("Stopped: every host of the batch failed. Not started: h3, h4, h5.");
    }

    @Test
    void anyErrorsFatalStopsTheOtherHostsBeforeTheirNextTask() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  any_errors_fatal: true
                  tasks:
                    - shell: "if {{ broken }}; then exit 1; else sleep 1; fi"
                    - shell: echo {{ inventory_hostname }} >> DIR/log
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("h3").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(log()).isEmpty();
        assertThat(r.out()).contains("not run, the batch was stopped: h3 failed and any_errors_fatal is set");
    }

    @Test
    void throttleBoundsHowManyHostsRunATaskAtOnce() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  tasks:
                    - name: count who runs now
                      shell:
                        cmd: |
                          touch DIR/running.{{ inventory_hostname }}
                          ls DIR | grep -c '^running' >> DIR/log
                          sleep 0.4
                          rm DIR/running.{{ inventory_hostname }}
                      throttle: 2
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(log()).hasSize(5).allMatch(n -> Integer.parseInt(n) <= 2).contains("2");
    }

    @Test
    void aClosedWindowStartsNoBatchAndSaysWhichHostsAreLeft() throws Exception {
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        LocalTime now = LocalTime.now(java.time.ZoneOffset.UTC);
        String closed = now.plusHours(2).format(hhmm) + "-" + now.plusHours(3).format(hhmm) + " UTC";
        Path pb = playbook("""
                - hosts: app
                  gather_facts: false
                  serial: 2
                  tasks:
                    - shell: echo {{ inventory_hostname }} >> DIR/log
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString(), "-e", "opsctl_window='" + closed + "'");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(6);
        assertThat(log()).isEmpty();
        assertThat(r.out()).contains("Stopped: the maintenance window " + closed + " is closed. Not started: h1, h2, h3, h4, h5.");

        String open = now.minusHours(1).format(hhmm) + "-" + now.plusHours(1).format(hhmm) + " UTC";
        CliRun ok = CliRun.of("apply", pb.toString(), "-i", inventory("").toString(), "-e", "opsctl_window='" + open + "'");
        assertThat(ok.exitCode()).as(ok.out() + ok.err()).isZero();
        assertThat(log()).hasSize(5);
    }

    @Test
    void badRolloutKeywordsAreErrorsWithTheirLine() throws Exception {
        Path pb = playbook("""
                - hosts: app
                  serial: "a few"
                  max_fail_percentage: 120
                  order: backwards
                  tasks:
                    - command: "true"
                      throttle: many
                """);
        CliRun r = CliRun.of("apply", pb.toString(), "-i", inventory("").toString());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("site.yml:2:3: 'serial': a batch size must be a whole number or a percentage")
                .contains("site.yml:3:3: 'max_fail_percentage' must be a number from 0 to 100, not '120'")
                .contains("site.yml:4:3: 'order' must be one of inventory, reverse_inventory, sorted, reverse_sorted, shuffle")
                .contains("site.yml:7:7: 'throttle' must be a whole number of hosts, not 'many'");
        assertThat(log()).isEmpty();
    }

    @Test
    void rebootPlansAsRunAndNeverRebootsTheController() throws Exception {
        Path pb = playbook("""
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - reboot: reboot_timeout=5
                      register: r
                    - shell: echo after >> DIR/log
                """);
        CliRun plan = CliRun.of("plan", pb.toString(), "--detailed-exitcode");
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isEqualTo(2);
        assertThat(plan.out()).contains("> reboot: reboot (back within 5 s, then: whoami)")
                .contains("Plan: 0 to create, 0 to update, 0 to delete, 2 to run, on 1 host");
        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.out()).contains("! reboot: refusing to reboot the controller itself (ansible_connection is local)");
        assertThat(log()).isEmpty();
    }
}
