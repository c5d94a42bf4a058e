package dev.opsctl.exec;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.Halt;
import dev.opsctl.plan.HostStats;
import dev.opsctl.transport.ReopenableConnection;
import dev.opsctl.transport.Connector;
import dev.opsctl.diag.InputException;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.lock.LockHeld;
import dev.opsctl.module.registry.ModuleRegistry;
import dev.opsctl.playbook.Play;
import dev.opsctl.playbook.PlayRollout;
import dev.opsctl.playbook.Playbook;
import dev.opsctl.rolling.MaintenanceWindow;
import dev.opsctl.rolling.Rollout;
import dev.opsctl.rolling.RolloutLoop;
import dev.opsctl.template.Templater;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.access.HostAccess;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a playbook's plays over the selected hosts, up to {@code forks} hosts at once, batch after batch when a play
 * has {@code serial}. Each host goes through a play on its own; a failed or unreachable host drops out of later plays,
 * the others go on, unless the batch's failures exceed the play's limit: then no later batch or play starts.
 */
public final class Runner {
    /** The play variable (or {@code -e}) holding a maintenance window such as {@code 02:00-04:00}: no batch starts outside it. */
    public static final String WINDOW_VAR = "opsctl_window";

    private final Inventory inventory;
    private final Playbook playbook;
    private final RunSettings settings;
    private final Templater templater;
    private final ModuleRegistry modules;
    /** Opens each host with its rendered connection variables. */
    private final HostAccess access;
    private final Progress progress;
    /** Per host, the last play that selects it: when that play is over, so is the host. */
    private final Map<String, Play> lastPlay = new ConcurrentHashMap<>();
    /** {@code hostvars}: every host's inventory variables, with what this run's tasks gathered and set on it so far. */
    private HostVars hostVars;
    /** Plays whose hosts go in step, and why (LockstepRule); the others go independently. */
    private final Map<Play, String> lockstepReasons = java.util.Collections.synchronizedMap(new IdentityHashMap<>());
    /** The inventory hosts tasks delegate to in the current run. */
    private Delegates delegates;
    /** Opens hosts' first connections while their threads work out what to ask them (see ReopenableConnection.opening). */
    private ExecutorService connecting;
    /** Controller files tasks read (copy and template srcs), for a saved plan's input hash. */
    private final Set<java.nio.file.Path> filesRead = ConcurrentHashMap.newKeySet();

    public Runner(Inventory inventory, Playbook playbook, RunSettings settings, Templater templater,
                  ModuleRegistry modules, Connector connector) {
        this(inventory, playbook, settings, templater, modules, connector, Progress.NONE);
    }

    public Runner(Inventory inventory, Playbook playbook, RunSettings settings, Templater templater,
                  ModuleRegistry modules, Connector connector, Progress progress) {
        this.progress = progress;
        this.inventory = inventory;
        this.playbook = playbook;
        this.settings = settings;
        this.templater = templater;
        this.modules = modules;
        this.access = new HostAccess(connector, templater, settings.becomeDefaults());
    }

    /** The hosts a play runs on: its {@code hosts:} pattern narrowed by {@code --limit}. */
    public List<Host> hostsOf(Play play) {
        List<Host> hosts = inventory.select(play.hosts());
        if (settings.only() != null) hosts = hosts.stream().filter(h -> settings.only().contains(h.name())).toList();
        if (settings.limit() == null) return hosts;
        Set<String> limited = new LinkedHashSet<>();
        for (Host h : inventory.select(settings.limit())) limited.add(h.name());
        return hosts.stream().filter(h -> limited.contains(h.name())).toList();
    }

    public RunResult run() {
        Interruption.runStarted();
        try {
            return runPlays();
        } finally {
            Interruption.runEnded();
        }
    }

    private RunResult runPlays() {
        long start = System.nanoTime();
        Map<Play, MaintenanceWindow> windows = windows();
        Map<Play, Rollout> rollouts = rollouts();
        lockstepReasons.clear();
        rollouts.forEach((play, rollout) -> {
            String reason = LockstepRule.reason(play, rollout, playbook.dir());
            if (reason != null) lockstepReasons.put(play, reason);
        });
        delegates = new Delegates(inventory, access, settings.extraVars(), settings.limit());
        delegates.checkWritten(playbook);
        Map<String, HostState> states = new ConcurrentHashMap<>();
        hostVars = new HostVars(inventory, states);
        Map<String, List<TaskOutcome>> outcomes = new LinkedHashMap<>();
        Map<String, HostResult> ended = new LinkedHashMap<>();
        Halt halt = null;
        for (Play play : playbook.plays()) hostsOf(play).forEach(h -> lastPlay.put(h.name(), play));
        int threads = Math.max(1, settings.forks());
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "opsctl-host");
            t.setDaemon(true);
            return t;
        });
        connecting = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "opsctl-connect");
            t.setDaemon(true);
            return t;
        });
        try {
            Play last = playbook.plays().get(playbook.plays().size() - 1);
            for (Play play : playbook.plays()) {
                List<Host> hosts = hostsOf(play).stream().filter(h -> !ended.containsKey(h.name())).toList();
                Rollout rollout = rollouts.get(play);
                List<List<Host>> batches = RolloutLoop.batches(hosts, rollout.order(), rollout.serial());
                List<String> playHosts = batches.stream().flatMap(List::stream).map(Host::name).toList();
                // A plan starts every batch: the window is for changes only.
                MaintenanceWindow window = settings.mode() == Mode.APPLY ? windows.get(play) : null;
                RolloutLoop.Stop stop = RolloutLoop.run(batches, window, Instant::now, (n, count, batch) -> {
                    List<Host> notStarted = new ArrayList<>();
                    BatchGuard guard = runBatch(pool, play, rollout, playHosts, batch, states, outcomes, ended, notStarted);
                    if (Interruption.requested() != null) {
                        return RolloutLoop.BatchEnd.stop(RolloutLoop.Cause.INTERRUPTED, "interrupted by SIG" + Interruption.requested(), notStarted);
                    }
                    // As in Ansible, the batch's failures end the whole run, not only this play.
                    if (guard.haltReason() != null) return RolloutLoop.BatchEnd.stop(RolloutLoop.Cause.FAILURES, guard.haltReason(), List.of());
                    return RolloutLoop.BatchEnd.GO_ON;
                });
                // Failures of the very last batch stop nothing: there is nothing left to start.
                if (stop != null && (stop.cause() != RolloutLoop.Cause.FAILURES || !stop.notStarted().isEmpty() || play != last)) {
                    halt = new Halt(Halt.Cause.valueOf(stop.cause().name()), stop.reason(), stop.notStarted().stream().map(Host::name).toList());
                    break;
                }
            }
        } finally {
            pool.shutdownNow();
            connecting.shutdown();
            states.values().forEach(s -> s.connection.close());
            delegates.close();
        }
        List<HostResult> results = new ArrayList<>();
        for (Map.Entry<String, List<TaskOutcome>> e : outcomes.entrySet()) {
            HostResult end = ended.get(e.getKey());
            HostState s = states.get(e.getKey());
            results.add(new HostResult(e.getKey(), e.getValue(), end == null ? HostResult.State.OK : end.state(),
                    end == null ? null : end.error(), s == null ? HostStats.NONE : s.stats(),
                    s == null ? Map.of() : s.observedFacts.digests()));
        }
        return new RunResult(settings.mode(), results, java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                filesRead.stream().sorted().toList(), halt, playbook.dir());
    }

    /** Runs one batch of a play to its end; its guard tells whether the batch's failures stop the run. */
    private BatchGuard runBatch(ExecutorService pool, Play play, Rollout rollout, List<String> playHosts, List<Host> hosts,
                                Map<String, HostState> states, Map<String, List<TaskOutcome>> outcomes, Map<String, HostResult> ended,
                                List<Host> notStarted) {
        List<String> batch = hosts.stream().map(Host::name).toList();
        Lockstep lockstep = Lockstep.of(batch.size(), settings.forks(), lockstepReasons.get(play));
        BatchGuard guard = new BatchGuard(rollout, batch.size(), lockstep);
        List<Future<HostResult>> futures = new ArrayList<>();
        // As in Ansible, a run_once task runs once per batch.
        RunOnce runOnce = new RunOnce(batch);
        // In step, every host has a thread (one waiting at the barrier must not keep another from it); forks bound the work.
        ExecutorService threads = lockstep.inStep() ? hostThreads(batch.size()) : pool;
        try {
            for (Host host : hosts) {
                futures.add(threads.submit(() -> {
                    // After a signal, a host still waiting for its turn is left alone.
                    if (Interruption.requested() != null) {
                        runOnce.leave(host.name());
                        lockstep.leave(host.name());
                        return null;
                    }
                    HostResult r;
                    lockstep.begin(host.name());
                    try {
                        r = runOn(host, play, playHosts, batch, states, guard, runOnce);
                        HostState state = states.get(host.name());
                        if (state != null) state.publish();
                        // Counted before the host leaves the barrier: the others check it before their next task.
                        if (r.state() != HostResult.State.OK && !guard.wasStopped(r.host())) guard.hostFailed(r.host());
                    } finally {
                        runOnce.leave(host.name());
                        lockstep.leave(host.name());
                    }
                    boolean done = r.state() != HostResult.State.OK || lastPlay.get(r.host()) == play;
                    // A host done with the run gives its connection back now, not at the run's end: a run then holds as
                    // many connections (sockets, sshj's threads and buffers, a host lock) as hosts being worked on.
                    HostState finished = done ? states.get(r.host()) : null;
                    if (finished != null) finished.connection.close();
                    progress.played(r, done);
                    return r;
                }));
            }
            collect(futures, hosts, outcomes, ended, notStarted);
        } finally {
            if (threads != pool) threads.shutdownNow();
        }
        return guard;
    }

    private static ExecutorService hostThreads(int hosts) {
        return Executors.newFixedThreadPool(Math.max(1, hosts), r -> {
            Thread t = new Thread(r, "opsctl-host-in-step");
            t.setDaemon(true);
            return t;
        });
    }

    private static void collect(List<Future<HostResult>> futures, List<Host> hosts, Map<String, List<TaskOutcome>> outcomes,
                                Map<String, HostResult> ended, List<Host> notStarted) {
        for (int i = 0; i < futures.size(); i++) {
            HostResult r = Parallel.join(futures.get(i));
            if (r == null) {
                notStarted.add(hosts.get(i));
                continue;
            }
            outcomes.computeIfAbsent(r.host(), k -> new ArrayList<>()).addAll(r.outcomes());
            if (r.state() != HostResult.State.OK) ended.put(r.host(), r);
        }
    }

    /**
     * Each play's maintenance window, {@code opsctl_window} from {@code -e} or the play's vars, read before any host
     * is contacted.
     */
    private Map<Play, MaintenanceWindow> windows() {
        Map<Play, MaintenanceWindow> windows = new IdentityHashMap<>();
        for (Play play : playbook.plays()) {
            Object w = settings.extraVars().containsKey(WINDOW_VAR) ? settings.extraVars().get(WINDOW_VAR) : play.vars().get(WINDOW_VAR);
            if (w == null) continue;
            try {
                windows.put(play, MaintenanceWindow.parse(String.valueOf(w)));
            } catch (IllegalArgumentException e) {
                throw new InputException(play.at(), WINDOW_VAR + ": " + e.getMessage());
            }
        }
        return windows;
    }

    /**
     * Each play's serial, max_fail_percentage and any_errors_fatal, templates rendered once per play as Ansible does
     * (with the play's variables and {@code -e}, no host's), before any host is contacted: a bad value changes nothing.
     */
    private Map<Play, Rollout> rollouts() {
        Map<Play, Rollout> rollouts = new IdentityHashMap<>();
        for (Play play : playbook.plays()) {
            Map<String, Object> vars = new LinkedHashMap<>();
            play.staticRoles().forEach(r -> vars.putAll(r.defaults()));
            vars.putAll(play.vars());
            play.staticRoles().forEach(r -> vars.putAll(r.vars()));
            vars.putAll(settings.extraVars());
            try {
                rollouts.put(play, PlayRollout.rendered(play.rollout(), v -> templater.render(v, vars, play.at())));
            } catch (IllegalArgumentException e) {
                throw new InputException(play.at(), e.getMessage());
            }
        }
        return rollouts;
    }

    private HostResult runOn(Host host, Play play, List<String> playHosts, List<String> batch, Map<String, HostState> states,
                             BatchGuard guard, RunOnce runOnce) {
        Map<String, Object> inventoryVars = inventory.hostVars(host.name());
        Map<String, Object> playVars = new LinkedHashMap<>(inventoryVars);
        playVars.putAll(play.vars());
        Map<String, Object> topVars = magicVars(host, play, playHosts, batch);
        topVars.putAll(settings.extraVars());
        HostState state = states.get(host.name());
        if (state != null) return hostRun(state, play, inventoryVars, topVars, guard, runOnce).run();
        ReopenableConnection conn = null;
        try {
            Map<String, Object> connVars = new LinkedHashMap<>(playVars);
            connVars.putAll(topVars);
            progress.phase(host.name(), Progress.Phase.CONNECTING, "");
            conn = access.opening(host.name(), connVars, play.connection(), play.at(), connecting);
            state = new HostState(host.name(), conn);
            state.progress = progress;
            state.delegates = delegates;
            // Kept from here on, so the run's end closes the connection whatever happens below.
            states.put(host.name(), state);
            HostRun run = hostRun(state, play, inventoryVars, topVars, guard, runOnce);
            // What the play will ask is worked out while the connection is being opened, then the facts are asked.
            run.prepare();
            conn.awaitOpen();
            state.connectNanos = conn.openNanos();
            return run.run();
        } catch (LockHeld e) {
            forget(host.name(), conn, states);
            return new HostResult(host.name(), List.of(), HostResult.State.FAILED, e.getMessage(), HostStats.NONE, Map.of());
        } catch (TransportException e) {
            forget(host.name(), conn, states);
            return new HostResult(host.name(), List.of(), HostResult.State.UNREACHABLE, e.getMessage(), HostStats.NONE, Map.of());
        }
    }

    /** A host whose first connection failed: as if never connected (no state, no stats), its connection closed. */
    private static void forget(String host, ReopenableConnection conn, Map<String, HostState> states) {
        states.remove(host);
        if (conn != null) conn.close();
    }

    private HostRun hostRun(HostState state, Play play, Map<String, Object> inventoryVars, Map<String, Object> topVars,
                            BatchGuard guard, RunOnce runOnce) {
        return new HostRun(state, play, inventoryVars, topVars, settings, templater, modules, playbook.dir(), filesRead, guard, runOnce);
    }

    private Map<String, Object> magicVars(Host host, Play play, List<String> playHosts, List<String> batch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inventory_hostname", host.name());
        m.put("inventory_hostname_short", host.name().split("\\.", 2)[0]);
        m.put("group_names", inventory.groupNames(host.name()));
        m.put("groups", inventory.groupsVar());
        m.put("hostvars", hostVars);
        m.put("playbook_dir", playbook.dir().toString());
        m.put("ansible_play_hosts", playHosts);
        m.put("ansible_play_hosts_all", playHosts);
        m.put("ansible_play_batch", batch);
        m.put("play_hosts", batch);
        // A plan predicts apply, so it sees what apply sees (false): a `when: not ansible_check_mode` task is planned as
        // apply will run it. Ansible's --check sets it true and skips such a task; docs/compatibility.md says so.
        m.put("ansible_check_mode", false);
        m.put("omit", HostRun.OMIT);
        m.putAll(MagicVars.ofPlay(play));
        return m;
    }
}
