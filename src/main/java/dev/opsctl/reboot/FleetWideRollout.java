package dev.opsctl.reboot;

import dev.opsctl.exec.Parallel;
import dev.opsctl.inventory.Host;
import dev.opsctl.lock.DownSlots;
import dev.opsctl.rolling.MaintenanceWindow;
import dev.opsctl.rolling.RolloutLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * A sharded reboot's hosts under the fleet-wide limit: no batches (runners cannot wait for each other's batches), but
 * a host is rebooted only while this run holds one of the shared slots, so every runner together has at most
 * {@link DownSlots#size()} hosts down. Hosts start in order as slots come free; no host starts once this runner's
 * failures exceed {@code --max-failures}, once the window is closed, or once the shared count cannot be read.
 */
final class FleetWideRollout {
    /** How often a runner asks again for a slot while every slot is taken: a reboot takes seconds to minutes. */
    private static final Duration RETRY = Duration.ofMillis(500);

    /** What the rollout did: every started host's outcome, and why it stopped early (null: every host started). */
    record Ended(List<FleetReboot.HostOutcome> outcomes, RolloutLoop.Stop stop) {}

    private final DownSlots slots;
    private final MaintenanceWindow window;
    private final Supplier<Instant> now;
    private final int maxFailures;
    private final RebootLog log;
    private final Function<Host, FleetReboot.HostOutcome> reboot;

    private final Deque<Host> waiting = new ArrayDeque<>();
    private final List<FleetReboot.HostOutcome> outcomes = new ArrayList<>();
    private int failures;
    private RolloutLoop.Cause stopCause;
    private String stopReason;

    FleetWideRollout(DownSlots slots, MaintenanceWindow window, Supplier<Instant> now, int maxFailures, RebootLog log,
                     Function<Host, FleetReboot.HostOutcome> reboot) {
        this.slots = slots;
        this.window = window;
        this.now = now;
        this.maxFailures = maxFailures;
        this.log = log;
        this.reboot = reboot;
    }

    Ended run(List<Host> hosts) {
        waiting.addAll(hosts);
        int workers = Math.min(slots.size(), hosts.size());
        Parallel.map(IntStream.range(0, workers).boxed().toList(), workers, "opsctl-reboot", w -> {
            work();
            return w;
        });
        synchronized (this) {
            RolloutLoop.Stop stop = stopCause == null ? null : new RolloutLoop.Stop(stopCause, stopReason, List.copyOf(waiting));
            return new Ended(List.copyOf(outcomes), stop);
        }
    }

    /** One worker: the next host in order, a slot for it, its reboot, the slot back; until no host is left or a stop. */
    private void work() {
        while (true) {
            Host host;
            synchronized (this) {
                if (stopCause != null || waiting.isEmpty()) return;
                host = waiting.poll();
            }
            if (!awaitSlot(host)) return;
            FleetReboot.HostOutcome o;
            try {
                o = reboot.apply(host);
            } finally {
                slots.release(host.name());
            }
            synchronized (this) {
                outcomes.add(o);
                if (o.status() == FleetReboot.Status.FAILED && ++failures > maxFailures && stopCause == null) {
                    stop(RolloutLoop.Cause.FAILURES, failures + (failures == 1 ? " host" : " hosts") + " failed, more than --max-failures " + maxFailures);
                }
            }
        }
    }

    /** Waits until this run holds a slot for {@code host}; false (the host put back as not started) when the run stops first. */
    private boolean awaitSlot(Host host) {
        boolean told = false;
        while (true) {
            synchronized (this) {
                if (stopCause == null && window != null && !window.isOpen(now.get())) {
                    stop(RolloutLoop.Cause.WINDOW_CLOSED, "the maintenance window " + window + " is closed");
                }
                if (stopCause != null) {
                    waiting.addFirst(host);
                    return false;
                }
            }
            try {
                if (slots.tryTake(host.name())) {
                    log.host(host.name(), "took a fleet-wide slot (at most " + slots.size() + " down at once across all shards)");
                    return true;
                }
            } catch (DownSlots.Unavailable e) {
                synchronized (this) {
                    outcomes.add(new FleetReboot.HostOutcome(host.name(), FleetReboot.Status.FAILED, "not rebooted: " + e.getMessage()));
                    log.host(host.name(), "FAILED: not rebooted: " + e.getMessage());
                    if (stopCause == null) stop(RolloutLoop.Cause.FAILURES, e.getMessage());
                }
                return false;
            }
            if (!told) {
                log.host(host.name(), "waiting: " + slots.size() + (slots.size() == 1 ? " host is" : " hosts are") + " down across all shards");
                told = true;
            }
            try {
                Thread.sleep(RETRY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    waiting.addFirst(host);
                    if (stopCause == null) stop(RolloutLoop.Cause.INTERRUPTED, "interrupted");
                }
                return false;
            }
        }
    }

    private void stop(RolloutLoop.Cause cause, String reason) {
        stopCause = cause;
        stopReason = reason;
    }
}
