package dev.opsctl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * opsctl reboot without a fleet: options, dry runs and the failure limit, on local hosts (which it refuses to
 * reboot: they are this machine). The reboots themselves are tested against real sshd hosts in RebootFleetIT.
 */
class RebootCommandTest {
    @TempDir
    Path dir;

    private String inventory() throws Exception {
        Path inv = dir.resolve("hosts.ini");
        Files.writeString(inv, "[web]\nh1 ansible_connection=local\nh2 ansible_connection=local\nh3 ansible_connection=local\n");
        return inv.toString();
    }

    @Test
    void dryRunPrintsBatchesWithTimestampsWithoutATerminal() throws Exception {
        CliRun r = CliRun.of("reboot", "web", "-i", inventory(), "--batch", "2", "--dry-run", "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ would reboot 3 of 3 hosts in 2 batches$")
                .contains("Z would start batch 1/2: h1, h2\n").contains("Z would start batch 2/2: h3\n")
                .contains("Z summary: 0 rebooted, 0 failed, 0 skipped, 0 unreachable, 3 not touched");
    }

    @Test
    void dryRunSaysWhichHostsAreSkippedAndWhy() throws Exception {
        CliRun r = CliRun.of("reboot", "web:!h3", "-i", inventory(), "--if-booted-before", "2000-01-01T00:00:00Z", "--dry-run", "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("Z h1: skipped: booted at \\S+, not before 2000-01-01T00:00:00Z")
                .contains("would reboot 0 of 2 hosts in 0 batches").doesNotContain("h3");
    }

    @Test
    void refusesWithoutYesWhenThereIsNoTerminal() throws Exception {
        CliRun r = CliRun.of("reboot", "web", "-i", inventory());
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("refusing to reboot without --yes: there is no terminal to ask");
    }

    @Test
    void badOptionsAreInvalidInput() throws Exception {
        String inv = inventory();
        assertThat(CliRun.of("reboot", "web", "-i", inv, "--batch", "some", "--yes").err()).contains("a batch size must be a whole number");
        assertThat(CliRun.of("reboot", "web", "-i", inv, "--window", "2-4", "--yes").err()).contains("looks like 02:00-04:00");
        assertThat(CliRun.of("reboot", "web", "-i", inv, "--if-booted-before", "yesterday", "--yes").err()).contains("-24h");
        assertThat(CliRun.of("reboot", "db", "-i", inv, "--yes").exitCode()).isEqualTo(3);
    }

    @Test
    void theFailureLimitStopsBeforeTheNextBatchAndNamesTheHostsLeft() throws Exception {
        CliRun r = CliRun.of("reboot", "web", "-i", inventory(), "--yes");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out()).contains("Z starting batch 1/3: h1\n")
                .contains("Z h1: FAILED: refusing to reboot the controller itself (ansible_connection is local)")
                .contains("Z stopping: 1 host failed, more than --max-failures 0; not touched: h2, h3")
                .contains("Z not touched: h2, h3").doesNotContain("starting batch 2/3");
    }

    @Test
    void aClosedWindowStartsNoBatchAndListsTheHostsLeft() throws Exception {
        java.time.format.DateTimeFormatter hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        java.time.LocalTime now = java.time.LocalTime.now(java.time.ZoneOffset.UTC);
        String closed = now.plusHours(2).format(hhmm) + "-" + now.plusHours(3).format(hhmm) + " UTC";
        CliRun r = CliRun.of("reboot", "web", "-i", inventory(), "--yes", "--batch", "50%", "--window", closed);
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(6);
        CliRun dry = CliRun.of("reboot", "web", "-i", inventory(), "--dry-run", "--yes", "--window", closed);
        assertThat(dry.out()).contains("Z the maintenance window " + closed + " is closed now: a run now would start no batch");
        assertThat(r.out()).contains("rebooting 3 of 3 hosts in 3 batches, batches start only within " + closed)
                .contains("Z the maintenance window " + closed + " is closed; left for the next window: h1, h2, h3")
                .doesNotContain("starting batch");
    }

    @Test
    void aSecondRunForTheSameInventoryAndPatternIsRefusedWhileTheFirstHoldsTheLock() throws Exception {
        String inv = inventory();
        Path lockFile = dev.opsctl.reboot.RunLock.file(dev.opsctl.local.PrivateDir.get(), java.util.List.of(Path.of(inv)), "web");
        try (var held = dev.opsctl.reboot.RunLock.tryTake(lockFile, "opsctl reboot web (pid 4242)")) {
            assertThat(held).isNotNull();
            CliRun r = CliRun.of("reboot", "web", "-i", inv, "--yes");
            assertThat(r.exitCode()).isEqualTo(7);
            assertThat(r.err()).contains("another run holds the lock").contains("opsctl reboot web (pid 4242) since");
            assertThat(CliRun.of("reboot", "web:!h3", "-i", inv, "--yes").exitCode()).as("another pattern has its own lock").isEqualTo(2);
        }
    }

    @Test
    void helpShowsTheRebootTimeoutAndTheConnectTimeoutApart() {
        CliRun reboot = CliRun.of("reboot", "--help");
        assertThat(reboot.out()).contains("--timeout=SECONDS").contains("How long a host may take to come back")
                .contains("--connect-timeout=SECONDS").contains("--known-hosts=FILE").containsPattern("(?m)^  6 +apply \\(opsctl_window\\) or reboot");
        CliRun apply = CliRun.of("apply", "--help");
        assertThat(apply.out()).contains("--timeout=SECONDS").contains("SSH connect timeout").contains("--known-hosts=FILE")
                .doesNotContain("--connect-timeout");
    }
}
