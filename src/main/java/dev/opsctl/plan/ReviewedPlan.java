package dev.opsctl.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A plan someone reviewed (a saved plan, or the plan apply just showed on a terminal), consulted while the same
 * playbook runs again, so that what runs is what was reviewed, as Terraform applies a saved plan:
 * <ul>
 *   <li>a task whose steps the plan holds runs those steps, whatever rendering it again gives now (a template of
 *       {@code ansible_date_time} writes the reviewed bytes, not the clock's new ones);</li>
 *   <li>a sensitive task (its content is not in the plan) is rendered again and must match the plan's digests, or it
 *       is refused: {@link #mismatches()} after a check run, a failed task in an apply;</li>
 *   <li>a task that was known only after apply, or that an earlier command or package changed the ground under, is
 *       planned now, and its change says so.</li>
 * </ul>
 * One instance serves one run: it counts each host's tasks as they come. Thread-safe across hosts.
 */
public final class ReviewedPlan {
    /** Said in the details of a change planned at apply rather than taken from the plan. */
    public static final String PLANNED_AT_APPLY = "planned at apply: ";

    private final Plan plan;
    private final Function<byte[], String> sensitiveDigest;
    private final UnaryOperator<String> mask;
    private final Map<String, Map<String, Integer>> seen = new ConcurrentHashMap<>();
    private final List<String> mismatches = Collections.synchronizedList(new ArrayList<>());

    /**
     * @param sensitiveDigest the digest the plan used for sensitive steps (keyed with the vault passwords)
     * @param mask            how the plan masked secrets in names and labels, so a task is found by the same address
     */
    public ReviewedPlan(Plan plan, Function<byte[], String> sensitiveDigest, UnaryOperator<String> mask) {
        this.plan = plan;
        this.sensitiveDigest = sensitiveDigest;
        this.mask = mask;
    }

    /** Sensitive tasks whose content rendered now differs from the plan's digest, one line each ({@code host: task: why}). */
    public List<String> mismatches() {
        synchronized (mismatches) {
            return List.copyOf(mismatches);
        }
    }

    /** Refuses a sensitive task whose content now differs from what was reviewed. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The change to carry out for a task on {@code host}, given the one planned for it just now.
     *
     * @param applying whether this run changes the host (false: a check run, which only compares)
     */
    public Change change(String host, String task, String source, String item, boolean handler, boolean noLog,
                         Change fresh, boolean applying) {
        TaskAddress address = address(host, mask.apply(task), source, noLog ? null : mask.apply(item), handler);
        PlannedTask reviewed = plan.host(host).flatMap(h -> find(h, address)).orElse(null);
        if (reviewed == null) return applying && fresh.action().isChange() ? note(fresh, "the plan did not have this task") : fresh;
        if (reviewed.knownAfterApply()) {
            return applying && fresh.action().isChange() ? note(fresh, "known after apply when the plan was made") : fresh;
        }
        if (!reviewed.steps().stream().allMatch(PlannedStep::verifiable)) {
            return applying && fresh.action().isChange()
                    ? note(fresh, "sensitive, and the plan had no vault password to key a digest of it with") : fresh;
        }
        boolean same = same(reviewed, fresh);
        if (!same && reviewed.afterUnpredictable()) {
            return applying && fresh.action().isChange()
                    ? note(fresh, "an earlier task changed the host in ways the plan could not foresee") : fresh;
        }
        if (!reviewed.stepsKnown()) {
            if (!same) {
                String why = host + ": " + address.task() + ": its sensitive content rendered now differs from the saved plan's digest";
                if (!applying) mismatches.add(why);
                else throw new Refused("refused: " + why + "; nothing of this task was run");
            }
            return fresh;
        }
        if (!applying) return fresh;
        if (!reviewed.stepsAction().isChange()) {
            // The check run found this host as planned; a change appearing now is one nobody reviewed.
            if (fresh.action().isChange()) throw new Refused("refused: the saved plan has no change for this task, but one is planned now");
            return fresh;
        }
        List<Step> steps = reviewed.steps().stream().map(PlannedStep::toStep).toList();
        return new Change(reviewed.stepsAction(), fresh.summary(), reviewed.noLog() ? fresh.details() : reviewed.details(),
                reviewed.noLog() ? fresh.diff() : reviewed.diff(), steps);
    }

    private TaskAddress address(String host, String task, String source, String item, boolean handler) {
        TaskAddress unnumbered = new TaskAddress(task, source, item, handler, 0);
        Map<String, Integer> counts = seen.computeIfAbsent(host, h -> new HashMap<>());
        int n;
        synchronized (counts) {
            n = counts.merge(unnumbered.key(), 1, Integer::sum) - 1;
        }
        return new TaskAddress(task, source, item, handler, n);
    }

    private static java.util.Optional<PlannedTask> find(HostPlan h, TaskAddress address) {
        return h.tasks().stream().filter(t -> t.address().equals(address)).findFirst();
    }

    /** Whether the fresh change is the reviewed one: the same action and steps, temp-file names aside. */
    private boolean same(PlannedTask reviewed, Change fresh) {
        if (reviewed.stepsAction() != fresh.action() || reviewed.steps().size() != fresh.steps().size()) return false;
        Function<byte[], String> digest = reviewed.sensitive() ? sensitiveDigest : StepDigest::sha256;
        for (int i = 0; i < fresh.steps().size(); i++) {
            PlannedStep r = reviewed.steps().get(i);
            Step f = fresh.steps().get(i);
            if (!r.scriptDigest().equals(StepDigest.script(f.script(), digest))) return false;
            String content = reviewed.sensitive() ? StepDigest.content(f.stdin(), digest) : f.input().sha256();
            if (!r.contentDigest().equals(content)) return false;
        }
        return true;
    }

    private static Change note(Change fresh, String why) {
        List<String> details = new ArrayList<>(fresh.details());
        details.add(PLANNED_AT_APPLY + why);
        return new Change(fresh.action(), fresh.summary(), details, fresh.diff(), fresh.steps());
    }
}
