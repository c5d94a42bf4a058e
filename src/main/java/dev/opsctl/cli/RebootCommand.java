package dev.opsctl.cli;

import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.lock.DownSlots;
import dev.opsctl.reboot.FleetReboot;
import dev.opsctl.reboot.RebootLog;
import dev.opsctl.reboot.RebootRequest;
import dev.opsctl.module.reboot.RebootSpec;
import dev.opsctl.reboot.RunLock;
import dev.opsctl.rolling.BatchSize;
import dev.opsctl.rolling.MaintenanceWindow;
import dev.opsctl.safety.Protection;
import dev.opsctl.term.Terminal;
import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl reboot PATTERN}: reboot hosts a batch at a time, each confirmed back before the next batch. */
@Command(mixinStandardHelpOptions = true, name = "reboot", description = {
        "Reboot the hosts PATTERN selects, a batch at a time, each confirmed back before the next batch.",
        "A host must come back with a new boot id and pass its checks. Safe to rerun from cron with --if-booted-before.",
        "See docs/reboots.md."},
        modelTransformer = ExitCode.Listed.class)
final class RebootCommand implements Callable<Integer> {
    /** Where the run locks live: on this machine, shared by every user's runs. */

    @Parameters(index = "0", paramLabel = "PATTERN", description = "Hosts to reboot: a pattern such as 'web:&daegu'.")
    String pattern;

    @Mixin
    InventoryOptions inventory = new InventoryOptions();

    @Mixin
    HostAccessOptions access = new HostAccessOptions();

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "SSH connect timeout (default 10).")
    void connectTimeout(int seconds) {
        access.timeoutSeconds = seconds;
    }

    @Option(names = "--batch", paramLabel = "N|N%", description = "Hosts rebooted at once: a number or a percentage of the hosts to reboot (default 1).")
    String batch = "1";

    @Option(names = "--max-failures", paramLabel = "N", description = "Stop before the next batch once more than N hosts failed (default 0).")
    int maxFailures = 0;

    @Option(names = "--only-if-needed", description = "Reboot only hosts with a pending reboot (/var/run/reboot-required, or needs-restarting -r).")
    boolean onlyIfNeeded;

    @Option(names = "--if-booted-before", paramLabel = "TIME",
            description = "Skip hosts that booted at or after TIME (2026-12-06T03:00:00Z, 2026-12-06T03:00 local, or -24h): a rerun never reboots twice.")
    String bootedBefore;

    @Option(names = "--pre-check", paramLabel = "CMD", description = "Shell command that must pass on a host before it is rebooted.")
    String preCheck;

    @Option(names = "--post-check", paramLabel = "CMD", description = "Shell command that must pass once a host is back; failing it is a failure.")
    String postCheck;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long a host may take to come back and pass test_command (default 600).")
    int timeoutSeconds = 600;

    @Option(names = "--test-command", paramLabel = "CMD", description = "Must pass once a host is back, before the post-check (default whoami).")
    String testCommand = RebootSpec.DEFAULT_TEST_COMMAND;

    @Option(names = "--window", paramLabel = "HH:MM-HH:MM[ ZONE]",
            description = "Maintenance window (local time, or with a zone: '02:00-04:00 Asia/Seoul'): no batch starts outside it.")
    String window;

    @Option(names = "--dry-run", description = "Print the batches and which hosts would be skipped and why; reboot nothing.")
    boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask; without a terminal opsctl reboot refuses to run unless given.")
    boolean yes;

    @Option(names = {"-b", "--become"}, description = "Run as root through sudo, unless the inventory says otherwise.")
    boolean become;

    @Option(names = {"-f", "--forks"}, description = "Hosts asked about their boot at once (default ${DEFAULT-VALUE}).")
    int forks = 50;

    @Mixin
    ProtectionOptions protection = new ProtectionOptions();

    /** --reason, --ticket and the run journal (branch journal). */
    @Mixin
    JournalOptions journal = new JournalOptions();

    /** Branch shard: reboot only this runner's shard of PATTERN's hosts (see ShardedReboot). */
    @Mixin
    ShardOption shardOption = new ShardOption();

    @Option(names = "--batch-per-shard", description = "With --shard: --batch and --max-failures count this shard's hosts only "
            + "(N runners may have N batches down at once). Without it, --shard needs the PostgreSQL journal, through which --batch "
            + "counts every runner's hosts down. See docs/scale.md.")
    boolean batchPerShard;

    @Spec
    CommandSpec spec;

    @Option(names = "--notify", paramLabel = "URL", description = "POST JSON to URL when the reboot starts, succeeds, fails or is "
            + "refused (repeatable; also ansible.cfg [opsctl] notify). See docs/notifications.md.")
    List<String> notify = new java.util.ArrayList<>();

    /** This run's notifications (branch metrics): sent in the background, never holding up or failing the run. */
    private RunNotices notices;

    @Override
    public Integer call() throws IOException {
        notices = RunNotices.open("reboot", pattern, null, notify);
        return journal.recording(notices, spec.commandLine().getErr(), this::reboot);
    }

    private int reboot() throws IOException {
        RebootRequest request = request();
        Inventory inv = inventory.load(null);
        ShardedReboot.Part part = ShardedReboot.narrow(shardOption, batchPerShard, request.batch().get(0),
                RebootGuard.select(inv, pattern, inventory.choice()), System.getenv(), spec.commandLine().getOut());
        List<Host> hosts = part.hosts();
        // A dry run changes nothing and is not journalled; a real one is, from before any host is asked.
        if (!dryRun) journal.start(new JournalOptions.What("reboot", null, inventory.inventories, pattern, null, access.privateKey), spec, inv,
                hosts.stream().map(Host::name).toList(), spec.commandLine().getErr());
        if (!dryRun) notices.selected();
        // A dry run refuses exactly what the real run refuses, before it looks at any host.
        protection.checkCap(inv, hosts.stream().map(Host::name).toList());
        Terminal terminal = Terminal.detect(true, System.getenv());
        if (!yes && !terminal.interactive()) {
            throw new CliException(ExitCode.INVALID_INPUT, "refusing to reboot without --yes: there is no terminal to ask"
                    + (dryRun ? " (the dry run refuses what the real run would)" : ""));
        }
        boolean protectedConfirmed = dryRun ? RebootGuard.dryRunProtection(protection, inv, hosts, terminal, spec.commandLine().getOut())
                : protection.confirmed(inv, hosts.stream().map(Host::name).toList(), terminal, false, "reboot");
        if (!protectedConfirmed) {
            journal.journal.cancelled();
            throw new CliException(ExitCode.INVALID_INPUT, "not confirmed; nothing was done");
        }
        PrintWriter out = spec.commandLine().getOut();
        RebootLog log = new RebootLog(out, System.console() == null, Clock.systemUTC());
        FleetReboot reboot = new FleetReboot(inv, access.access(inv, become ? Boolean.TRUE : null), request, log, Clock.systemUTC());
        if (dryRun) return exitCode(summarize(reboot.run(hosts, true), log));
        if (!Protection.of(inv, hosts.stream().map(Host::name).toList()).any()) confirm(hosts);
        Path lockFile;
        RunLock taken;
        try {
            // Shards of one reboot run side by side; each takes the lock of its own part.
            lockFile = RunLock.file(dev.opsctl.local.PrivateDir.get(), inventory.inventories,
                    shardOption.shard == null ? pattern : pattern + " --shard " + shardOption.resolve(System.getenv()));
            taken = RunLock.tryTake(lockFile, "opsctl reboot " + pattern + " (pid " + ProcessHandle.current().pid() + ")");
        } catch (IOException e) {
            throw new CliException(ExitCode.LOCKED, "cannot take the reboot lock: " + e.getMessage() + "; nothing was done");
        }
        try (RunLock lock = taken) {
            if (lock == null) {
                throw new CliException(ExitCode.LOCKED, "another run holds the lock " + lockFile + ": " + RunLock.holder(lockFile) + "; nothing was done");
            }
            DownSlots fleetWide = null;
            if (part.fleetWideBatch() > 0) {
                // Every runner of this reboot counts against the same slots: the group is the pattern.
                fleetWide = journal.journal.downSlots("reboot " + pattern, part.fleetWideBatch());
                if (fleetWide == null) throw new CliException(ExitCode.INTERNAL, "the PostgreSQL journal could not be opened, so the "
                        + "fleet-wide --batch cannot be kept; nothing was done");
            }
            notices.started(hosts.stream().map(Host::name).toList());
            return exitCode(journalled(summarize(reboot.run(hosts, false, fleetWide), log)));
        }
    }

    /** Each host's end in the journal: rebooted is a change, skipped is ok, not touched is not started. */
    private FleetReboot.Result journalled(FleetReboot.Result r) {
        for (FleetReboot.HostOutcome h : r.hosts()) {
            String outcome = switch (h.status()) {
                case REBOOTED -> "changed";
                case FAILED -> "failed";
                case SKIPPED -> "ok";
                case UNREACHABLE -> "unreachable";
                case NOT_TOUCHED -> dev.opsctl.journal.HostRecord.NOT_STARTED;
            };
            boolean bad = h.status() == FleetReboot.Status.FAILED || h.status() == FleetReboot.Status.UNREACHABLE;
            journal.journal.hostFinished(h.host(), outcome, bad ? h.detail() : null,
                    h.status() == FleetReboot.Status.REBOOTED ? List.of("> run  reboot" + (h.detail() == null ? "" : ": " + h.detail())) : List.of(), null);
        }
        return r;
    }

    private RebootRequest request() {
        try {
            List<BatchSize> sizes = List.of(BatchSize.parse(batch));
            if (sizes.get(0).hostsOf(1) <= 0) throw new IllegalArgumentException("--batch must be at least 1");
            if (maxFailures < 0) throw new IllegalArgumentException("--max-failures must not be negative");
            if (timeoutSeconds <= 0) throw new IllegalArgumentException("--timeout must be more than 0 seconds");
            RebootSpec rebootSpec = RebootSpec.defaults().withTimeout(Duration.ofSeconds(timeoutSeconds)).withTestCommand(testCommand);
            return new RebootRequest(pattern, sizes, maxFailures, onlyIfNeeded,
                    bootedBefore == null ? null : RebootRequest.parseTime(bootedBefore, Instant.now(), ZoneId.systemDefault()),
                    blankToNull(preCheck, "--pre-check"), blankToNull(postCheck, "--post-check"), rebootSpec,
                    window == null ? null : MaintenanceWindow.parse(window), forks);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    private static String blankToNull(String command, String option) {
        if (command != null && command.isBlank()) throw new IllegalArgumentException(option + " is empty");
        return command;
    }

    /** Without --yes, a person at a terminal must agree; without a terminal there is nobody to ask. */
    private void confirm(List<Host> hosts) {
        if (yes) return;
        Console c = System.console();
        if (c == null) throw new CliException(ExitCode.INVALID_INPUT, "refusing to reboot without --yes: there is no terminal to ask");
        String answer = c.readLine("Reboot up to %d hosts (%s)? [y/N] ", hosts.size(),
                hosts.stream().map(Host::name).limit(10).collect(Collectors.joining(", ")) + (hosts.size() > 10 ? ", ..." : ""));
        if (answer == null || !answer.strip().equalsIgnoreCase("y") && !answer.strip().equalsIgnoreCase("yes")) {
            journal.journal.cancelled();
            throw new CliException(ExitCode.INVALID_INPUT, "not confirmed; nothing was done");
        }
    }

    private static FleetReboot.Result summarize(FleetReboot.Result r, RebootLog log) {
        log.event("summary: " + r.count(FleetReboot.Status.REBOOTED) + " rebooted, " + r.count(FleetReboot.Status.FAILED) + " failed, "
                + r.count(FleetReboot.Status.SKIPPED) + " skipped, " + r.count(FleetReboot.Status.UNREACHABLE) + " unreachable, "
                + r.count(FleetReboot.Status.NOT_TOUCHED) + " not touched");
        for (FleetReboot.Status s : List.of(FleetReboot.Status.FAILED, FleetReboot.Status.NOT_TOUCHED, FleetReboot.Status.UNREACHABLE)) {
            String names = r.hosts().stream().filter(h -> h.status() == s).map(FleetReboot.HostOutcome::host).collect(Collectors.joining(", "));
            if (!names.isEmpty()) log.event(s.name().toLowerCase().replace('_', ' ') + ": " + names);
        }
        return r;
    }

    private static int exitCode(FleetReboot.Result r) {
        if (r.count(FleetReboot.Status.FAILED) > 0) return ExitCode.CHANGES_OR_FAILED;
        if (r.windowClosed()) return ExitCode.WINDOW_CLOSED;
        if (r.count(FleetReboot.Status.UNREACHABLE) > 0) return ExitCode.UNREACHABLE;
        return ExitCode.OK;
    }
}
