package dev.opsctl.cli;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.config.HonouredSettings;
import dev.opsctl.transport.Connector;
import dev.opsctl.exec.Progress;
import dev.opsctl.lock.LockingConnector;
import dev.opsctl.report.ColourLines;
import dev.opsctl.report.LiveProgress;
import dev.opsctl.report.LogProgress;
import dev.opsctl.safety.Targets;
import dev.opsctl.term.Terminal;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import dev.opsctl.exec.RunSettings;
import dev.opsctl.exec.Workload;
import dev.opsctl.report.JsonReport;
import dev.opsctl.report.JunitReport;
import dev.opsctl.report.MarkdownReport;
import dev.opsctl.report.StatsReport;
import dev.opsctl.report.TextReport;
import dev.opsctl.report.MaskedResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What plan and apply share: load, run, render. */
abstract class RunCommand {
    @Mixin
    PlaybookOptions options = new PlaybookOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    /** ansible-playbook's habit flags (branch loader): --check, --list-*, --syntax-check, --start-at-task. */
    @Mixin
    AnsibleHabits habits = new AnsibleHabits();

    /** --shard K/N|auto (branch shard): only this runner's part of the selected hosts. */
    @Mixin
    ShardOption shardOption = new ShardOption();

    @Spec
    CommandSpec spec;

    /** This runner's shard of the selection, or null when the run is not sharded; set by {@link #load}. */
    dev.opsctl.shard.ShardSelection sharded;

    /** What counts per shard, said on the shard line. */
    static final String PER_SHARD = "serial batches and max_fail_percentage";

    /** Hosts the loaded workload's plays reach (after --limit); set by {@link #load}. */
    Targets targets;

    /** The terminal, if opsctl runs on one. */
    Terminal terminal = Terminal.none();

    /** Host results the live progress already printed, which the final report leaves out. */
    private Set<String> shownLive = Set.of();

    /** Loads, then says which inventory is used (first line) and warns of plays that match no host. */
    Workload load(Map<String, Object> extra) {
        // Jinjava's start-up and the SSH crypto's first run, on background threads while the playbook loads: both would
        // otherwise come after it, on the critical path to the first fact exec.
        dev.opsctl.template.TemplaterWarmup.start();
        dev.opsctl.transport.ssh.CryptoWarmup.start();
        terminal = Terminal.detect(output.noColor, System.getenv());
        Workload w = habits.startAt(Workload.load(options.playbook, options.inventory.choice().sources(), extra, options.limit));
        targets = Targets.of(w.inventory(), w.playbook().plays(), options.limit, options.inventory.choice().implicitOnly());
        dev.opsctl.shard.Shard shard = shardOption.resolve(System.getenv());
        if (shard != null) {
            sharded = dev.opsctl.shard.ShardSelection.of(shard, targets.hosts());
            targets = new Targets(sharded.hosts(), targets.warnings());
            (output.format == OutputOptions.Format.text ? out() : err()).println(sharded.describe(PER_SHARD));
        }
        if (output.format == OutputOptions.Format.text) out().println(options.inventory.choice().describe(Path.of("").toAbsolutePath()));
        targets.warnings().forEach(err()::println);
        err().flush();
        loaded(w);
        return w;
    }

    /** Told the loaded workload before any host is contacted (apply starts its journal entry here). */
    void loaded(Workload w) {}

    /** The run journal an apply writes to; plan writes none. */
    dev.opsctl.journal.RunJournal journal() {
        return dev.opsctl.journal.RunJournal.off();
    }

    /** Whether the run's diffs outlive it (a saved plan keeps them, and applying one compares them). */
    boolean diffsKept() {
        return false;
    }

    /** How long an apply waits for another run's host lock; plan takes no lock. */
    Duration lockTimeout() {
        return Duration.ZERO;
    }

    RunSettings settings(Mode mode, int forks, Map<String, Object> extra) {
        // Diffs are built only where shown or kept: planning a large new file then costs only its digest.
        boolean diffs = output.diff || output.format != OutputOptions.Format.text || diffsKept();
        // ansible.cfg's forks and become settings where the command line says nothing.
        ConfiguredRun cfg = new ConfiguredRun(HonouredSettings.current(), spec.commandLine().getParseResult());
        RunSettings s = new RunSettings(mode, options.limit, extra, options.tags, options.skipTags, diffs, cfg.forks(forks),
                cfg.become(options.become), cfg.becomeUser(connection.becomeUser), connection.becomePassword());
        return sharded == null ? s : s.with(mode, sharded.hosts());
    }

    /** Runs with progress on the screen (text output only) and, for apply, each host's lock held while it is worked on. */
    RunResult run(Workload w, RunSettings settings) {
        Map<String, String> env = System.getenv();
        Progress progress = Progress.NONE;
        LiveProgress live = null;
        if (output.format == OutputOptions.Format.text && terminal.redraws(env)) {
            int[] size = terminal.size(env);
            int hosts = settings.only() == null ? targets.hosts().size() : settings.only().size();
            live = new LiveProgress(out(), text(), report(), hosts, size[0], size[1], terminal.colour());
            progress = live;
        } else if (output.format == OutputOptions.Format.text) {
            progress = new LogProgress(err(), Clock.systemUTC());
        }
        Connector connector = connection.connector(w.inventory());
        // An apply's hosts are journalled as they finish, and locked in the journal's PostgreSQL too where it has one.
        if (settings.mode() == Mode.APPLY) progress = journal().watching(progress);
        Progress shown = progress;
        if (settings.mode() == Mode.APPLY) connector = new LockingConnector(connector, lockTimeout(), host -> shown.phase(host, Progress.Phase.LOCKING, ""))
                .alsoLocking(journal().hostLock(System.getProperty("user.name") + "@" + LockingConnector.controllerName() + " (pid "
                        + ProcessHandle.current().pid() + ") since " + java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        try {
            // Secrets are masked in the result before any format (or saved plan) sees it.
            return MaskedResult.of(w.run(settings, connector, progress));
        } finally {
            if (live != null) {
                live.close();
                shownLive = live.shown();
            }
        }
    }

    private TextReport report() {
        return new TextReport(output.diff, options.verbosity() > 0);
    }

    /** Standard output for text: through {@link ColourLines} when colour is on. */
    PrintWriter text() {
        return terminal.colour() ? new PrintWriter(new ColourLines(out()), true) : out();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The {@code -e @file} files, which a saved plan hashes as inputs. */
    List<Path> extraVarFiles() {
        return options.extraVars.stream().map(String::strip).filter(e -> e.startsWith("@")).map(e -> Path.of(e.substring(1))).toList();
    }

    void render(RunResult result) {
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format) {
            case json -> out.println(JsonReport.render(result));
            case markdown -> out.print(MarkdownReport.render(result));
            case text -> {
                PrintWriter text = text();
                for (var host : result.hosts()) if (!shownLive.contains(host.host())) report().printHost(host, text);
                shownLive = Set.of();
                report().printSummary(result, text);
                if (sharded != null) text.println(sharded.describe(PER_SHARD));
                text.flush();
            }
        }
        out.flush();
        if (output.stats) StatsReport.print(result, output.format == OutputOptions.Format.text ? out : spec.commandLine().getErr());
        if (output.junit != null) {
            try {
                JunitReport.write(result, output.junit);
            } catch (IOException e) {
                throw new CliException(ExitCode.INTERNAL, "cannot write " + output.junit + ": " + e.getMessage());
            }
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
