package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing reaches a host the operator did not mean, run in-process without a terminal (as from cron or CI): no
 * inventory reaches no fleet, patterns that match nothing are said out loud, protected hosts and the host cap refuse.
 * Hosts here are this machine under several names (ansible_connection=local), so a run that goes ahead leaves files.
 */
class SafeByDefaultTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, text.replace("ROOT", dir.toString()));
        return f;
    }

    private Path touchPlaybook(String hosts) throws Exception {
        return write("site.yml", """
                - name: fleet files
                  hosts: %s
                  gather_facts: false
                  tasks:
                    - name: mark
                      file: path=ROOT/mark-{{ inventory_hostname }} state=touch
                """.formatted(hosts));
    }

    private Path inventory() throws Exception {
        return write("hosts.ini", """
                [web]
                web1 ansible_connection=local
                web2 ansible_connection=local
                [production]
                prod1 ansible_connection=local
                [production:vars]
                opsctl_protected=true
                """);
    }

    @Test
    void withoutAnInventoryAFleetPlaybookReachesNothingAndSaysSo() throws Exception {
        Path pb = touchPlaybook("all");
        CliRun apply = CliRun.of("apply", pb.toString());
        assertThat(apply.exitCode()).isZero();
        assertThat(apply.out()).startsWith("Inventory: none (only the implicit localhost, which 'all' and groups do not match)");
        assertThat(apply.err()).contains("warning: " + pb + ":1:3: hosts 'all' matches no host: no inventory was given or found");
        assertThat(dir.resolve("mark-localhost")).doesNotExist();

        CliRun local = CliRun.of("apply", touchPlaybook("localhost").toString());
        assertThat(local.exitCode()).as(local.err()).isZero();
        assertThat(dir.resolve("mark-localhost")).exists();
    }

    @Test
    void aPlayMatchingNoHostWarnsWithFileLineAndTheClosestName() throws Exception {
        Path pb = touchPlaybook("webb");
        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inventory().toString());
        assertThat(plan.out()).startsWith("Inventory: " + inventory() + " (-i)");
        assertThat(plan.err()).contains("warning: " + pb + ":1:3: hosts 'webb' matches no host: 'webb' names no group or host (did you mean 'web'?)");

        CliRun validate = CliRun.of("validate", pb.toString(), "-i", inventory().toString());
        assertThat(validate.exitCode()).isZero();
        assertThat(validate.err()).contains("hosts 'webb' matches no host").contains("did you mean 'web'?");
    }

    @Test
    void aLimitThatLeavesNoHostIsAnError() throws Exception {
        Path pb = touchPlaybook("web");
        CliRun apply = CliRun.of("apply", pb.toString(), "-i", inventory().toString(), "-l", "web3");
        assertThat(apply.exitCode()).isEqualTo(3);
        assertThat(apply.err()).contains("error: --limit: 'web3' matches no host in the inventory: 'web3' names no group or host (did you mean 'web'?)");
        assertThat(CliRun.of("plan", pb.toString(), "-i", inventory().toString(), "-l", "prod1").err())
                .contains("'prod1' leaves no host to run on (it matches prod1, which no play selects)");
        assertThat(CliRun.of("validate", pb.toString(), "-i", inventory().toString(), "-l", "nosuch").exitCode()).isEqualTo(3);
        assertThat(dir.resolve("mark-web1")).doesNotExist();
    }

    @Test
    void protectedHostsNeedConfirmOrASavedPlanWithoutATerminal() throws Exception {
        Path pb = touchPlaybook("all");
        String inv = inventory().toString();
        CliRun refused = CliRun.of("apply", pb.toString(), "-i", inv);
        assertThat(refused.exitCode()).isEqualTo(3);
        assertThat(refused.err()).contains("refusing to apply to protected hosts in production (1 host) without a terminal to confirm: "
                + "give --confirm production, or apply a saved plan");
        assertThat(dir.resolve("mark-web1")).as("refused before anything happens").doesNotExist();
        // --limit to unprotected hosts needs nothing; --confirm of another group does not count.
        assertThat(CliRun.of("apply", pb.toString(), "-i", inv, "-l", "web1").exitCode()).isZero();
        assertThat(CliRun.of("apply", pb.toString(), "-i", inv, "--confirm", "web").exitCode()).isEqualTo(3);
        assertThat(dir.resolve("mark-prod1")).doesNotExist();

        Path saved = dir.resolve("reviewed.plan");
        assertThat(CliRun.of("plan", pb.toString(), "-i", inv, "-o", saved.toString()).exitCode()).isZero();
        CliRun fromPlan = CliRun.of("apply", saved.toString());
        assertThat(fromPlan.exitCode()).as(fromPlan.err()).isZero();
        assertThat(dir.resolve("mark-prod1")).exists();

        Files.delete(dir.resolve("mark-prod1"));
        assertThat(CliRun.of("apply", pb.toString(), "-i", inv, "--confirm", "production").exitCode()).isZero();
        assertThat(dir.resolve("mark-prod1")).exists();
    }

    @Test
    void theHostCapRefusesBeforeAnythingHappens() throws Exception {
        Path pb = touchPlaybook("all");
        String inv = inventory().toString();
        CliRun capped = CliRun.of("apply", pb.toString(), "-i", inv, "--max-hosts", "2", "--confirm", "production");
        assertThat(capped.exitCode()).isEqualTo(3);
        assertThat(capped.err()).contains("refusing to run on 3 hosts: --max-hosts allows 2");
        write("group_vars/all.yml", "opsctl_max_hosts: 1\n");
        CliRun fromInventory = CliRun.of("apply", pb.toString(), "-i", inv, "-l", "web");
        assertThat(fromInventory.exitCode()).isEqualTo(3);
        assertThat(fromInventory.err()).contains("refusing to run on 2 hosts: opsctl_max_hosts in the inventory allows 1 (give --max-hosts 2");
        assertThat(dir.resolve("mark-web1")).doesNotExist();
        assertThat(CliRun.of("apply", pb.toString(), "-i", inv, "-l", "web", "--max-hosts", "2").exitCode()).isZero();
        assertThat(dir.resolve("mark-web1")).exists();
    }

    @Test
    void rebootObeysTheSameRulesAndItsDryRunRefusesWhatTheRealRunRefuses() throws Exception {
        String inv = inventory().toString();
        for (boolean dry : new boolean[] {true, false}) {
            String[] base = dry ? new String[] {"--dry-run", "--yes"} : new String[] {"--yes"};
            CliRun noInventory = CliRun.of(concat(new String[] {"reboot", "all"}, base));
            assertThat(noInventory.exitCode()).isEqualTo(3);
            assertThat(noInventory.err()).contains("no hosts match 'all': no inventory was given or found");
            CliRun prot = CliRun.of(concat(new String[] {"reboot", "production", "-i", inv}, base));
            assertThat(prot.exitCode()).isEqualTo(3);
            assertThat(prot.err()).contains("refusing to reboot protected hosts in production (1 host) without a terminal to confirm: give --confirm production.");
            CliRun cap = CliRun.of(concat(new String[] {"reboot", "all", "-i", inv, "--max-hosts", "1"}, base));
            assertThat(cap.err()).contains("refusing to run on 3 hosts");
            CliRun noYes = CliRun.of(dry ? new String[] {"reboot", "web", "-i", inv, "--dry-run"} : new String[] {"reboot", "web", "-i", inv});
            assertThat(noYes.exitCode()).isEqualTo(3);
            assertThat(noYes.err()).contains("refusing to reboot without --yes: there is no terminal to ask");
        }
    }

    @Test
    void namesWithNewlinesAndEscapeSequencesAreShownEscaped() throws Exception {
        Path pb = write("site.yml", """
                - hosts: localhost
                  gather_facts: false
                  tasks:
                    - name: "innocent\\e[2K\\rlooking task"
                      copy:
                        dest: "ROOT/x\\n  - file: absent passwd"
                        content: "hi\\n"
                """);
        CliRun plan = CliRun.of("plan", pb.toString());
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).doesNotContain("\u001b").doesNotContain("\r")
                .contains("  + innocent\\x1b[2K\\rlooking task: ")
                .contains("/x\\n  - file: absent passwd");
        assertThat(plan.out().lines()).noneMatch(l -> l.startsWith("  - file: absent"));
    }

    @Test
    void withoutATerminalProgressIsTimestampedLinesAndNoneInJson() throws Exception {
        Path pb = touchPlaybook("web");
        CliRun text = CliRun.of("apply", pb.toString(), "-i", inventory().toString());
        assertThat(text.err()).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ web1 connecting$")
                .containsPattern("(?m)^\\S+Z web2 done, 1 change$");
        CliRun json = CliRun.of("plan", pb.toString(), "-i", inventory().toString(), "--format", "json");
        assertThat(json.err()).isEmpty();
        assertThat(json.out()).doesNotContain("Inventory:").startsWith("{");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
