package dev.opsctl.reboot;

import dev.opsctl.exec.Parallel;
import dev.opsctl.facts.FactBatch;
import dev.opsctl.facts.Facts;
import dev.opsctl.inventory.Host;
import dev.opsctl.inventory.Inventory;
import dev.opsctl.lock.DownSlots;
import dev.opsctl.module.reboot.BootQuery;
import dev.opsctl.module.reboot.BootState;
import dev.opsctl.module.reboot.RebootProcedure;
import dev.opsctl.rolling.HostOrder;
import dev.opsctl.rolling.RolloutLoop;
import dev.opsctl.transport.ExecResult;
import dev.opsctl.transport.Reconnectable;
import dev.opsctl.transport.TransportException;
import dev.opsctl.transport.access.HostAccess;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code opsctl reboot}: reboots the selected hosts a batch at a time, each confirmed back (new boot id, test
 * command, post-check) before the next batch starts; skips hosts that need no reboot or booted recently; stops
 * before the next batch when too many failed or the maintenance window closed, naming the hosts left.
 */
public final class FleetReboot {
    /** How a host ended. */
    public enum Status { REBOOTED, FAILED, SKIPPED, UNREACHABLE, NOT_TOUCHED }

    /** One host's end, with why (for people). */
    public record HostOutcome(String host, Status status, String detail) {}

    /** Every selected host's end, in inventory order; whether the window closed with hosts left. */
    public record Result(List<HostOutcome> hosts, boolean windowClosed) {
        public long count(Status s) {
            return hosts.stream().filter(h -> h.status() == s).count();
        }
    }

    private record Survey(BootState boot, String unreachable) {}

    private final Inventory inventory;
    private final HostAccess access;
    private final RebootRequest request;
    private final RebootLog log;
    private final Clock clock;

    /** @param access how hosts are reached and become root ({@code -b} and the inventory's {@code ansible_become*}) */
    public FleetReboot(Inventory inventory, HostAccess access, RebootRequest request, RebootLog log, Clock clock) {
        this.inventory = inventory;
        this.access = access;
        this.request = request;
        this.log = log;
        this.clock = clock;
    }

    /** Asks every host for its boot, decides who is rebooted in which batch, and (unless {@code dryRun}) reboots them. */
    public Result run(List<Host> selected, boolean dryRun) {
        return run(selected, dryRun, null);
    }

    /**
     * As {@link #run(List, boolean)}; with {@code fleetWide} (a sharded run's shared count of hosts down) the hosts go
     * as its slots come free instead of in batches (see {@link FleetWideRollout}).
     */
    public Result run(List<Host> selected, boolean dryRun, DownSlots fleetWide) {
        Map<String, HostOutcome> outcomes = new LinkedHashMap<>();
        List<Host> toReboot = new ArrayList<>();
        List<Survey> surveys = Parallel.map(selected, request.forks(), "opsctl-reboot", this::survey);
        for (int i = 0; i < selected.size(); i++) {
            String name = selected.get(i).name();
            Survey s = surveys.get(i);
            String skip = s.unreachable() != null ? null : skipReason(s.boot());
            if (s.unreachable() != null) {
                end(outcomes, name, Status.UNREACHABLE, s.unreachable());
            } else if (skip != null) {
                end(outcomes, name, Status.SKIPPED, skip);
            } else {
                toReboot.add(selected.get(i));
            }
        }
        if (fleetWide != null && !dryRun) return rollFleetWide(selected, toReboot, outcomes, fleetWide);
        List<List<Host>> batches = RolloutLoop.batches(toReboot, HostOrder.INVENTORY, request.batch());
        log.event((dryRun ? "would reboot " : "rebooting ") + toReboot.size() + " of " + selected.size() + " hosts in "
                + batches.size() + (batches.size() == 1 ? " batch" : " batches")
                + (request.window() == null ? "" : ", batches start only within " + request.window()));
        if (dryRun && request.window() != null) {
            log.event("the maintenance window " + request.window() + " is " + (request.window().isOpen(Instant.now(clock))
                    ? "open now" : "closed now: a run now would start no batch"));
        }
        int[] failures = {0};
        // A dry run starts no batch, so no window stops it.
        RolloutLoop.Stop stop = RolloutLoop.run(batches, dryRun ? null : request.window(), () -> Instant.now(clock), (n, count, batch) -> {
            String label = "batch " + n + "/" + count + ": " + names(batch);
            if (dryRun) {
                log.event("would start " + label);
                batch.forEach(h -> outcomes.put(h.name(), new HostOutcome(h.name(), Status.NOT_TOUCHED, "dry run")));
                return RolloutLoop.BatchEnd.GO_ON;
            }
            log.event("starting " + label);
            for (HostOutcome o : Parallel.map(batch, batch.size(), "opsctl-reboot", this::rebootOne)) {
                outcomes.put(o.host(), o);
                if (o.status() == Status.FAILED) failures[0]++;
            }
            if (failures[0] <= request.maxFailures()) return RolloutLoop.BatchEnd.GO_ON;
            return RolloutLoop.BatchEnd.stop(RolloutLoop.Cause.FAILURES, failures[0] + (failures[0] == 1 ? " host" : " hosts")
                    + " failed, more than --max-failures " + request.maxFailures(), List.of());
        });
        return ended(selected, outcomes, stop);
    }

    private Result rollFleetWide(List<Host> selected, List<Host> toReboot, Map<String, HostOutcome> outcomes, DownSlots fleetWide) {
        log.event("rebooting " + toReboot.size() + " of " + selected.size() + " hosts, at most " + fleetWide.size()
                + " down at once across all shards" + (request.window() == null ? "" : ", hosts start only within " + request.window()));
        FleetWideRollout.Ended ended = new FleetWideRollout(fleetWide, request.window(), () -> Instant.now(clock), request.maxFailures(), log,
                this::rebootOne).run(toReboot);
        ended.outcomes().forEach(o -> outcomes.put(o.host(), o));
        return ended(selected, outcomes, ended.stop());
    }

    /** The result once the loop ended; hosts it never started are named as not touched, and why. */
    private Result ended(List<Host> selected, Map<String, HostOutcome> outcomes, RolloutLoop.Stop stop) {
        boolean windowClosed = stop != null && stop.cause() == RolloutLoop.Cause.WINDOW_CLOSED;
        if (windowClosed) {
            log.event(stop.reason() + "; left for the next window: " + names(stop.notStarted()));
            stop.notStarted().forEach(h -> end(outcomes, h.name(), Status.NOT_TOUCHED, "left for the next window"));
        } else if (stop != null && !stop.notStarted().isEmpty()) {
            log.event("stopping: " + stop.reason() + "; not touched: " + names(stop.notStarted()));
            stop.notStarted().forEach(h -> end(outcomes, h.name(), Status.NOT_TOUCHED, "not touched: the failure limit was exceeded"));
        }
        List<HostOutcome> ordered = selected.stream().map(h -> outcomes.get(h.name())).toList();
        return new Result(ordered, windowClosed);
    }

    /** Why a host that answered needs no reboot now, or null when it is to be rebooted. */
    private String skipReason(BootState boot) {
        if (request.bootedBefore() != null && !boot.bootTime().isBefore(request.bootedBefore())) {
            return "booted at " + boot.bootTime() + ", not before " + request.bootedBefore();
        }
        if (request.onlyIfNeeded() && !Boolean.TRUE.equals(boot.rebootPending())) return "no reboot pending";
        return null;
    }

    private void end(Map<String, HostOutcome> outcomes, String host, Status status, String detail) {
        outcomes.put(host, new HostOutcome(host, status, detail));
        if (status != Status.NOT_TOUCHED) log.host(host, status.name().toLowerCase().replace('_', ' ') + ": " + detail);
    }

    private Survey survey(Host host) {
        BootQuery query = request.onlyIfNeeded() ? BootQuery.BOOT_AND_PENDING : BootQuery.BOOT;
        try (HostAccess.Opened opened = access.openHost(inventory, host.name())) {
            Facts facts = new Facts();
            FactBatch.gather(opened.commands(), List.of(query), facts);
            return new Survey(facts.get(query), null);
        } catch (TransportException | IllegalStateException e) {
            return new Survey(null, TransportException.reasonFor(host.name(), e.getMessage()));
        }
    }

    /** Pre-check, the reboot, post-check: one host, start to end. */
    private HostOutcome rebootOne(Host host) {
        String name = host.name();
        try (HostAccess.Opened opened = access.openHost(inventory, name)) {
            Reconnectable link = opened.connection().through(opened.become());
            String failed = check(link, "pre-check", request.preCheck());
            if (failed != null) return failed(name, failed + "; not rebooted");
            RebootProcedure.Outcome o = new RebootProcedure(request.spec(), event -> log.host(name, event)).run(link);
            if (!o.rebooted()) return failed(name, o.failure());
            failed = check(link, "post-check", request.postCheck());
            if (failed != null) return failed(name, failed);
            String detail = "boot id " + o.before().bootId() + " -> " + o.after().bootId() + " in " + o.elapsed().toSeconds() + " s";
            log.host(name, "rebooted (" + detail + ")");
            return new HostOutcome(name, Status.REBOOTED, detail);
        } catch (TransportException | IllegalStateException e) {
            return failed(name, "unreachable before the reboot: " + e.getMessage());
        }
    }

    private HostOutcome failed(String host, String why) {
        log.host(host, "FAILED: " + why);
        return new HostOutcome(host, Status.FAILED, why);
    }

    /** Runs a check command; returns why it failed, or null when it passed (or there is none). */
    private String check(Reconnectable link, String what, String command) throws TransportException {
        if (command == null) return null;
        ExecResult r = link.connection().exec(command);
        if (r.ok()) return null;
        String output = (r.err().isBlank() ? r.out() : r.err()).strip();
        return what + " failed (exit " + r.exitCode() + ")" + (output.isEmpty() ? "" : ": " + output);
    }

    private static String names(List<Host> hosts) {
        return hosts.stream().map(Host::name).collect(Collectors.joining(", "));
    }
}
