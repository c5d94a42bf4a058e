package dev.opsctl.cli;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.Halt;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.exec.RunSettings;
import dev.opsctl.exec.Workload;
import dev.opsctl.lock.HostLock;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.plan.ReviewedPlan;
import dev.opsctl.secret.Secrets;
import dev.opsctl.saved.InputFiles;
import dev.opsctl.saved.PlanCheck;
import dev.opsctl.saved.SavedPlan;
import dev.opsctl.saved.SavedPlanFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code opsctl apply}: plan, then carry out exactly the needed changes on every host. Given a saved plan
 * ({@code plan -o FILE}) it first checks, on every host before touching any, that nothing changed since.
 */
@Command(mixinStandardHelpOptions = true, name = "apply", description = "Plan and apply the changes each host needs, "
        + "or apply a saved plan (PLAYBOOK is then the file 'opsctl plan -o' wrote).", modelTransformer = ExitCode.Listed.class)
final class ApplyCommand extends RunCommand implements Callable<Integer> {
    @Option(names = {"-f", "--forks"}, description = "Hosts worked on at once (default ${DEFAULT-VALUE}).")
    int forks = 50;

    @Option(names = "--replan", description = "With a saved plan: ignore changed inputs and drift, plan afresh from its playbook, inventory and options, and apply.")
    boolean replan;

    @Option(names = {"-y", "--yes", "--auto-approve"}, description = "Do not show the plan and ask first (on a terminal apply asks; without one it never does).")
    boolean yes;

    @Option(names = "--lock-timeout", paramLabel = "SECONDS",
            description = "Wait up to SECONDS for a host another run is applying to (default ${DEFAULT-VALUE}: that host fails at once, naming the holder).")
    int lockTimeoutSeconds = 0;

    @Mixin
    ProtectionOptions protection = new ProtectionOptions();

    @Mixin
    ApprovalOptions approval = new ApprovalOptions();

    /** --reason, --ticket and the run journal (journal/). */
    @Mixin
    JournalOptions journal = new JournalOptions();

    @Option(names = "--notify", paramLabel = "URL", description = "POST JSON to URL when the apply starts, succeeds, fails or is "
            + "refused (repeatable; also ansible.cfg [opsctl] notify). See docs/notifications.md.")
    List<String> notify = new ArrayList<>();

    /** This run's notifications: sent in the background, never holding up or failing the run. */
    private RunNotices notices;

    /** The apply, with its journal entry and notifications told how it ended, however it ended. */
    @Override
    public Integer call() throws java.io.IOException {
        notices = RunNotices.open("apply", String.valueOf(options.playbook), options.playbook.toAbsolutePath().getParent(), notify);
        return journal.recording(notices, err(), this::applyCommand);
    }

    @Override
    Workload load(Map<String, Object> extra) {
        Workload w = super.load(extra);
        notices.selected();
        return w;
    }

    /** The journal's entry starts once the hosts are known, before any is contacted. */
    @Override
    void loaded(Workload w) {
        journal.start(new JournalOptions.What("apply", options.playbook, options.inventory.inventories, null, options.limit,
                connection.privateKey), spec, w.inventory(), targets.hosts(), err());
    }

    @Override
    dev.opsctl.journal.RunJournal journal() {
        return journal.journal;
    }

    private int applyCommand() {
        if (lockTimeoutSeconds < 0) throw new CliException(ExitCode.INVALID_INPUT, "--lock-timeout must not be negative");
        Integer instead = habits.instead(this, forks);
        if (instead != null) return instead;
        if (SavedPlanFile.isSavedPlan(options.playbook)) return applySaved(readSaved(options.playbook));
        if (replan) throw new CliException(ExitCode.INVALID_INPUT, "--replan applies a saved plan; " + options.playbook + " is not one");
        Map<String, Object> extra = options.extraVars();
        Workload w = load(extra);
        protection.checkCap(w.inventory(), targets.hosts());
        approval.refuseUnreviewed(w.inventory(), targets.hosts(), "a run of a playbook");
        RunSettings settings = settings(Mode.APPLY, forks, extra);
        if (terminal.interactive() && !yes) return ApplyReview.planThenAsk(this, w, settings);
        // Nobody is asked "yes" (--yes, or no terminal), but protected hosts still need --confirm or their names typed.
        if (!protection.confirmed(w.inventory(), targets.hosts(), terminal, false, "apply to")) return cancelled();
        return exitCode(renderedRun(w, settings));
    }

    @Override
    Duration lockTimeout() {
        return Duration.ofSeconds(lockTimeoutSeconds);
    }

    static int exitCode(RunResult r) {
        if (r.halt() != null && r.halt().cause() == Halt.Cause.INTERRUPTED) return ExitCode.interrupted();
        if (r.anyFailed()) return r.hosts().stream().filter(h -> h.state() == dev.opsctl.plan.HostResult.State.FAILED)
                .allMatch(h -> h.error() != null && h.error().startsWith(HostLock.HELD_PREFIX)) ? ExitCode.LOCKED : ExitCode.CHANGES_OR_FAILED;
        if (r.halt() != null && r.halt().cause() == Halt.Cause.WINDOW_CLOSED) return ExitCode.WINDOW_CLOSED;
        if (r.anyUnreachable()) return ExitCode.UNREACHABLE;
        return ExitCode.OK;
    }

    private int applySaved(SavedPlan saved) {
        applyingSaved = true;
        if (shardOption.given()) throw new CliException(ExitCode.INVALID_INPUT, "a saved plan carries its own shard; leave out --shard");
        Path planFile = options.playbook;
        useRequestOf(saved);
        Map<String, Object> extra = options.extraVars();
        Workload w = load(extra);
        // A shard plan is this runner's part only: its shard is worked out again from today's selection (docs/scale.md).
        sharded = SavedShard.now(saved, targets);
        if (sharded != null) (output.format == OutputOptions.Format.text ? out() : err()).println(sharded.describe(PER_SHARD));
        RunSettings settings = settings(Mode.APPLY, forks, extra);
        if (replan) approval.refuseUnreviewed(w.inventory(), targets.hosts(), "--replan (a fresh plan, not the signed one)");
        if (replan) return exitCode(renderedRun(w, settings));
        // The two-person rule is checked on the file before any host is contacted (docs/approvals.md).
        journal.journal.approved(approval.verify(planFile, w.inventory(),
                saved.hosts().stream().filter(HostPlan::hasChanges).map(HostPlan::name).toList(),
                output.format == OutputOptions.Format.text ? out() : err(), err()));

        Map<String, String> inputsNow = new TreeMap<>(InputFiles.now(saved.inputs().keySet()));
        inputsNow.putAll(InputFiles.digests(options.playbook, options.inventory.inventories, w.playbook().includedFiles(),
                extraVarFiles(), List.of()));
        List<String> stale = new ArrayList<>(PlanCheck.inputChanges(saved, inputsNow, extra));
        stale.addAll(SavedShard.selectionChange(saved, targets));
        if (stale.isEmpty()) {
            // Every host is planned again (changing nothing) and compared before any host is changed.
            ReviewedPlan checking = reviewed(saved.plan());
            RunResult check = run(w, settings.with(Mode.PLAN, sharded == null ? null : sharded.hosts()).reviewing(checking));
            if (check.anyUnreachable() || check.anyFailed()) {
                render(check);
                err().println("The saved plan could not be checked on every host; nothing was changed.");
                return check.anyUnreachable() ? ExitCode.UNREACHABLE : ExitCode.CHANGES_OR_FAILED;
            }
            stale.addAll(PlanCheck.drift(saved, RunPlan.of(check)));
            checking.mismatches().forEach(m -> stale.add(m + " (a secret or a value it was made from changed)"));
        }
        if (!stale.isEmpty()) {
            PrintWriter err = err();
            stale.forEach(s -> err.println("error: " + s));
            err.println("The saved plan is stale; nothing was changed. Make a new plan, or apply it with --replan.");
            return ExitCode.STALE_PLAN;
        }
        Set<String> changing = saved.hosts().stream().filter(HostPlan::hasChanges).map(HostPlan::name)
                .collect(Collectors.toSet());
        if (changing.isEmpty()) {
            spec.commandLine().getOut().println("No changes.");
            return ExitCode.OK;
        }
        protection.checkCap(w.inventory(), changing);
        // The plan was reviewed: no question, except for protected hosts on a terminal.
        if (!protection.confirmed(w.inventory(), changing, terminal, true, "apply to")) return cancelled();
        // The saved steps run, not a fresh render of them (plan/ReviewedPlan).
        return exitCode(renderedRun(w, settings.with(Mode.APPLY, changing).reviewing(reviewed(saved.plan()))));
    }

    /** A plan to carry out as reviewed, found by the same masked names and digested with the same key as when made. */
    static ReviewedPlan reviewed(Plan plan) {
        return new ReviewedPlan(plan, Secrets::fingerprint, Secrets::mask);
    }

    int cancelled() {
        journal.journal.cancelled();
        out().println("Apply cancelled.");
        return ExitCode.OK;
    }

    RunResult renderedRun(Workload w, RunSettings settings) {
        notices.started(settings.only() != null ? settings.only() : targets.hosts());
        RunResult r = run(w, settings);
        render(r);
        return r;
    }

    /** The saved plan says what to run; the same options given again could only disagree with it. */
    private void useRequestOf(SavedPlan saved) {
        if (options.limit != null || !options.tags.isEmpty() || !options.skipTags.isEmpty()
                || !options.inventory.inventories.isEmpty() || options.become) {
            throw new CliException(ExitCode.INVALID_INPUT, "a saved plan carries its own inventory, --limit, --tags, "
                    + "--skip-tags and --become; leave them out (give the same -e options as to plan)");
        }
        SavedPlan.Request r = saved.request();
        options.playbook = Path.of(r.playbook());
        options.inventory.useSaved(r.inventories().stream().map(Path::of).toList());
        options.limit = r.limit();
        options.tags = new ArrayList<>(r.tags());
        options.skipTags = new ArrayList<>(r.skipTags());
        options.become = r.become();
    }

    private static SavedPlan readSaved(Path file) {
        try {
            return SavedPlanFile.read(file);
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot read the saved plan " + file + ": " + e.getMessage());
        }
    }

    /** Set while a saved plan is applied: its fresh plan is compared with the saved one, diffs included. */
    private boolean applyingSaved;

    @Override
    boolean diffsKept() {
        return applyingSaved;
    }
}
