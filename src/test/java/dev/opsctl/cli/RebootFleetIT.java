package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsctl.fleet.Fleet;
import dev.opsctl.fleet.FleetHost;
import dev.opsctl.fleet.FleetHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reboots by group on a fleet of real sshd hosts grouped by role and region, through {@code opsctl reboot} and
 * through a playbook with {@code serial} and the {@code reboot} module. The fleet emulates each reboot (sshd and
 * sessions killed, a new boot id and boot time, back a second later) and records when each host was down.
 */
@FleetHosts(8)
class RebootFleetIT {
    private static final Map<String, List<String>> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("web", List.of("h001", "h002", "h003", "h004", "h005", "h006"));
        GROUPS.put("db", List.of("h007", "h008"));
        GROUPS.put("daegu", List.of("h001", "h002", "h003", "h004", "h007"));
        GROUPS.put("seoul", List.of("h005", "h006", "h008"));
    }

    private static final List<String> WEB_DAEGU = List.of("h001", "h002", "h003", "h004");

    private static Fleet fleet;

    @TempDir
    Path tmp;

    private String inv;
    private String knownHosts;

    @BeforeEach
    void files() throws Exception {
        Path i = tmp.resolve("inventory.yml");
        fleet.inventory(i, GROUPS);
        inv = i.toString();
        Path kh = tmp.resolve("known_hosts");
        Files.copy(fleet.knownHosts(), kh);
        knownHosts = kh.toString();
    }

    private Map<String, String> bootIds() throws Exception {
        Map<String, String> ids = new LinkedHashMap<>();
        for (FleetHost h : fleet.hosts()) ids.put(h.name(), fleet.bootId(h));
        return ids;
    }

    private static void assertRebootedExactly(Map<String, String> before, Map<String, String> after, List<String> rebooted) {
        before.forEach((host, id) -> {
            if (rebooted.contains(host)) assertThat(after.get(host)).as(host + " has a new boot id").isNotEqualTo(id);
            else assertThat(after.get(host)).as(host + " keeps its boot id").isEqualTo(id);
        });
    }

    @Test
    void rebootsExactlyThePatternTwoAtATimeAndARerunRebootsNothing() throws Exception {
        Map<String, String> before = bootIds();
        Instant start = Instant.now();
        CliRun r = CliRun.of("reboot", "web:&daegu", "-i", inv, "--known-hosts", knownHosts, "--batch", "2", "--yes", "--timeout", "60");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertRebootedExactly(before, bootIds(), WEB_DAEGU);
        assertThat(fleet.outages().stream().filter(o -> !o.down().isBefore(start)).map(Fleet.Outage::host))
                .containsExactlyInAnyOrderElementsOf(WEB_DAEGU);
        assertThat(fleet.mostDownAtOnce(start)).as("never more than the batch down at once, and the batch together").isEqualTo(2);
        assertThat(r.out()).contains("Z starting batch 1/2: h001, h002\n").contains("Z starting batch 2/2: h003, h004\n")
                .containsPattern("Z h003: rebooted \\(boot id \\S+ -> \\S+ in \\d+ s\\)")
                .contains("Z summary: 4 rebooted, 0 failed, 0 skipped, 0 unreachable, 0 not touched");

        Map<String, String> afterFirst = bootIds();
        Instant rerun = Instant.now();
        CliRun again = CliRun.of("reboot", "web:&daegu", "-i", inv, "--known-hosts", knownHosts, "--batch", "2", "--yes",
                "--if-booted-before", start.truncatedTo(ChronoUnit.SECONDS).toString());
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(bootIds()).isEqualTo(afterFirst);
        assertThat(fleet.outages().stream().filter(o -> !o.down().isBefore(rerun))).isEmpty();
        assertThat(again.out()).containsPattern("Z h001: skipped: booted at \\S+, not before " + start.truncatedTo(ChronoUnit.SECONDS))
                .contains("summary: 0 rebooted, 0 failed, 4 skipped, 0 unreachable, 0 not touched");
    }

    @Test
    void aHostThatNeverComesBackFailsAfterTheTimeoutAndTheRunStopsBeforeTheNextBatch() throws Exception {
        FleetHost dead = fleet.host("h005");
        fleet.staysDownOnReboot(dead);
        try {
            Map<String, String> before = bootIds();
            CliRun r = CliRun.of("reboot", "seoul", "-i", inv, "--known-hosts", knownHosts, "--connect-timeout", "2",
                    "--timeout", "8", "--yes");
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out()).contains("Z h005: FAILED: not back within reboot_timeout 8 s (")
                    .contains("Z stopping: 1 host failed, more than --max-failures 0; not touched: h006, h008")
                    .contains("Z failed: h005\n").contains("Z not touched: h006, h008\n");
            Map<String, String> after = bootIds();
            assertThat(after.get("h006")).isEqualTo(before.get("h006"));
            assertThat(after.get("h008")).isEqualTo(before.get("h008"));
        } finally {
            fleet.start(dead);
        }
    }

    @Test
    void onlyHostsWithAPendingRebootAreRebootedAndChecksRunBeforeAndAfter() throws Exception {
        Files.writeString(fleet.path(fleet.host("h007"), "/run/reboot-required"), "*** System restart required ***\n");
        Map<String, String> before = bootIds();
        CliRun r = CliRun.of("reboot", "db", "-i", inv, "--known-hosts", knownHosts, "--only-if-needed", "--yes",
                "--pre-check", "test -e /run/reboot-required", "--post-check", "test ! -e /run/reboot-required && hostname");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertRebootedExactly(before, bootIds(), List.of("h007"));
        assertThat(r.out()).contains("Z h008: skipped: no reboot pending").contains("summary: 1 rebooted, 0 failed, 1 skipped");

        CliRun failingPost = CliRun.of("reboot", "h008", "-i", inv, "--known-hosts", knownHosts, "--yes", "--post-check", "test -e /nonexistent");
        assertThat(failingPost.exitCode()).as(failingPost.out()).isEqualTo(2);
        assertThat(failingPost.out()).contains("Z h008: FAILED: post-check failed (exit 1)");
        assertThat(fleet.bootId(fleet.host("h008"))).as("it did reboot; the check failed after").isNotEqualTo(before.get("h008"));
    }

    @Test
    void aPlaybookWithSerialFiftyPercentRebootsThroughApply() throws Exception {
        for (String h : WEB_DAEGU) Files.writeString(fleet.path(fleet.host(h), "/run/reboot-required"), "");
        Path pb = tmp.resolve("reboot.yml");
        Files.writeString(pb, """
                - hosts: web:&daegu
                  gather_facts: false
                  serial: "50%"
                  tasks:
                    - name: pending reboot
                      stat: path=/var/run/reboot-required
                      register: pending
                    - name: reboot when needed
                      reboot:
                        reboot_timeout: 60
                        connect_timeout: 5
                      when: pending.stat.exists
                      register: rebooted
                    - name: back
                      command: cat /proc/sys/kernel/random/boot_id
                      changed_when: false
                """);
        Map<String, String> before = bootIds();
        CliRun plan = CliRun.of("plan", pb.toString(), "-i", inv, "--known-hosts", knownHosts);
        assertThat(plan.exitCode()).as(plan.out() + plan.err()).isZero();
        assertThat(plan.out()).contains("> reboot when needed: reboot (back within 60 s, then: whoami)");
        assertThat(bootIds()).as("plan reboots nothing").isEqualTo(before);

        Instant start = Instant.now();
        CliRun apply = CliRun.of("apply", pb.toString(), "-i", inv, "--known-hosts", knownHosts);
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertRebootedExactly(before, bootIds(), WEB_DAEGU);
        assertThat(fleet.mostDownAtOnce(start)).isEqualTo(2);
        for (String h : WEB_DAEGU) assertThat(apply.out()).containsPattern(h + "\\s+: ok=3\\s+changed=1\\s+unreachable=0\\s+failed=0");

        Map<String, String> afterFirst = bootIds();
        CliRun again = CliRun.of("apply", pb.toString(), "-i", inv, "--known-hosts", knownHosts);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        for (String h : WEB_DAEGU) assertThat(again.out()).containsPattern(h + "\\s+: ok=2\\s+changed=0");
        assertThat(bootIds()).isEqualTo(afterFirst);
    }

    @Test
    void aNonRootUserRebootsThroughSudoWithBecome() throws Exception {
        FleetHost h = fleet.host("h006");
        Path asOpsuser = tmp.resolve("opsuser.ini");
        Files.writeString(asOpsuser, "h006 ansible_host=" + h.address() + " ansible_port=" + h.port() + " ansible_user=opsuser ansible_ssh_private_key_file="
                + fleet.clientKey() + "\n");
        String before = fleet.bootId(h);
        CliRun refused = CliRun.of("reboot", "h006", "-i", asOpsuser.toString(), "--known-hosts", knownHosts, "--yes");
        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).containsPattern("Z h006: FAILED: the reboot command failed \\(exit \\d+\\): .*Permission denied");
        assertThat(fleet.bootId(h)).isEqualTo(before);

        CliRun viaSudo = CliRun.of("reboot", "h006", "-i", asOpsuser.toString(), "--known-hosts", knownHosts, "--yes", "-b",
                "--post-check", "test \"$(id -u)\" = 0");
        assertThat(viaSudo.exitCode()).as(viaSudo.out() + viaSudo.err()).isZero();
        assertThat(fleet.bootId(h)).isNotEqualTo(before);
    }
}
