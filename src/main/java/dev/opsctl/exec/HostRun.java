package dev.opsctl.exec;

import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.HostStats;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.playbook.Play;
import dev.opsctl.template.Templater;
import dev.opsctl.transport.BecomeRefused;
import dev.opsctl.transport.TransportException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One play on one host: plans each task against the predicted state and, in apply mode, carries the change out
 * before moving on. A pipeline of parts with one job each (see docs/architecture.md): {@link FactPrefetch} asks
 * what the tasks will need, {@link TaskWalker} walks the task tree, {@link TaskRunner} runs a task from its
 * {@link TaskScope}, {@link TaskPlanner} plans it, {@link StepQueue} sends the changes; {@link RunMode} holds where
 * a plan and an apply differ. This class wires them and turns how the host stopped into its result.
 */
final class HostRun {
    /** Ansible's placeholder for {@code default(omit)}: an argument rendered to it is left out. */
    static final String OMIT = TaskScope.OMIT;

    private final HostPlay run;
    private final FactPrefetch prefetch;
    private final TaskWalker walker;

    /**
     * @param inventoryVars the host's inventory variables, lowest precedence (below gathered facts)
     * @param topVars  magic and extra variables, above everything else
     */
    HostRun(HostState state, Play play, Map<String, Object> inventoryVars, Map<String, Object> topVars, RunSettings settings,
            Templater templater, ModuleRegistry modules, Path playbookDir, Set<Path> filesRead, BatchGuard batch,
            RunOnce runOnce) {
        RunMode mode = RunMode.of(settings.mode());
        Outcomes outcomes = new Outcomes(mode);
        TaskVariables variables = new TaskVariables(play.staticRoles(), play.vars(), inventoryVars, topVars, state, templater,
                role -> MagicVars.ofRole(play, role));
        this.run = new HostPlay(state, play, settings, mode, modules, new Tags(settings.tags(), settings.skipTags()), variables,
                new TaskPlanner(templater, playbookDir, filesRead, settings.diff()), outcomes, new StepQueue(state, outcomes), new LinkedHashSet<>());
        this.prefetch = new FactPrefetch(run);
        this.walker = new TaskWalker(run, new TaskRunner(run, prefetch), batch, runOnce);
    }

    /** Works out what the play will ask the host, without contacting it (see {@link FactPrefetch#prepare}). */
    void prepare() {
        prefetch.prepare();
    }

    HostResult run() {
        HostState state = run.state();
        try {
            long start = System.nanoTime();
            state.progress.phase(state.host, Progress.Phase.FACTS, "");
            state.tasksStarted = 0;
            prefetch.gather();
            long factsDone = System.nanoTime();
            state.factsNanos += factsDone - start;
            try {
                return result(walker.runSections() ? HostResult.State.OK : HostResult.State.FAILED, null);
            } catch (HostStop.StepsFailed e) {
                return result(HostResult.State.FAILED, null);
            } catch (HostStop.Interrupted e) {
                // Changes waiting for the next exec are not sent: the host stops as it is.
                HonestRecap.notCarriedOut(run.outcomes().list(), run.queue().drop(), "not carried out: the run was interrupted");
                return result(HostResult.State.OK, null);
            } finally {
                state.tasksNanos += System.nanoTime() - factsDone;
            }
        } catch (TransportException e) {
            HonestRecap.notCarriedOut(run.outcomes().list(), run.queue().drop(), "not carried out: the host was lost");
            return result(HostResult.State.UNREACHABLE, e.getMessage());
        } catch (BecomeRefused e) {
            // Reached, and refused by sudo while gathering: the host failed, as Ansible's "Gathering Facts" task does.
            run.outcomes().failed(FactPrefetch.gatheringTask(run.play(), "Gathering Facts"), e.getMessage(), false);
            return result(HostResult.State.FAILED, e.getMessage());
        }
    }

    private HostResult result(HostResult.State s, String error) {
        return new HostResult(run.state().host, run.outcomes().list(), s, error, HostStats.NONE, run.state().observedFacts.digests());
    }
}
