package dev.opsctl.saved;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.HostResult;
import dev.opsctl.plan.TaskOutcome;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.HostStats;
import dev.opsctl.diag.Source;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.plan.Change;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.plan.PlannedTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan written by {@code opsctl plan -o FILE}: what it was made from (request and input files), and the plan itself:
 * per host the fingerprint of the facts it was made against, and each task's change with the steps apply carries out.
 */
public record SavedPlan(String opsctlVersion, String createdAt, Request request, Map<String, String> inputs, Plan plan,
                        ShardPart shard) {
    /**
     * What a plan made with {@code --shard K/N} records so {@code opsctl show --merge} can tell its shards belong together
     * (docs/scale.md): which shard it is, and the size and digest of the whole selection it is a part of.
     */
    public record ShardPart(int index, int count, int selectedHosts, String selectionSha256) {
        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /** A plan of every selected host (no shard). */
    public SavedPlan(String opsctlVersion, String createdAt, Request request, Map<String, String> inputs, Plan plan) {
        this(opsctlVersion, createdAt, request, inputs, plan, null);
    }

    /**
     * The command line the plan was made with. Paths are relative to the working directory when under it. Extra
     * variables are kept only as names: no value, and no digest of one, which for a weak secret
     * ({@code -e password=hunter2}) would let anyone holding the file check guesses offline. The steps the plan holds
     * run as they were reviewed, whatever the values given to apply.
     */
    public record Request(String playbook, List<String> inventories, String limit, List<String> tags,
                          List<String> skipTags, boolean become, List<String> extraVarNames) {
        public Request {
            inventories = List.copyOf(inventories);
            tags = List.copyOf(tags);
            skipTags = List.copyOf(skipTags);
            extraVarNames = List.copyOf(extraVarNames);
        }

        /** A request that keeps the names of {@code extraVars}, never their values. */
        public static Request of(String playbook, List<String> inventories, String limit, List<String> tags,
                                 List<String> skipTags, boolean become, Map<String, Object> extraVars) {
            return new Request(playbook, inventories, limit, tags, skipTags, become, new ArrayList<>(extraVars.keySet()));
        }
    }

    public SavedPlan {
        inputs = Map.copyOf(inputs);
    }

    public List<HostPlan> hosts() {
        return plan.hosts();
    }

    /** One SHA-256 over every input file: its path and digest, in path order. */
    public static String inputsSha256(Map<String, String> inputs) {
        StringBuilder all = new StringBuilder();
        new java.util.TreeMap<>(inputs).forEach((path, sha) -> all.append(sha).append("  ").append(path).append('\n'));
        return FactDigest.sha256(all.toString());
    }

    /** One SHA-256 over a host's fact digests. */
    public static String factsSha256(Map<String, String> facts) {
        return FactDigest.sha256(FactDigest.canonicalJson(facts));
    }

    /** The saved plan as a plan run again, for the renderers ({@code opsctl show}). */
    public RunResult toRunResult() {
        List<HostResult> results = new ArrayList<>();
        for (HostPlan h : hosts()) {
            List<TaskOutcome> outcomes = new ArrayList<>();
            for (PlannedTask t : h.tasks()) outcomes.add(outcome(t));
            results.add(new HostResult(h.name(), outcomes, HostResult.State.valueOf(h.status().toUpperCase()), h.error(),
                    HostStats.NONE, h.facts()));
        }
        return new RunResult(Mode.PLAN, results, 0, List.of());
    }

    private static TaskOutcome outcome(PlannedTask t) {
        Change change = t.summary() == null ? null
                : new Change(t.quietRun() ? t.stepsAction() : t.action(), t.summary(), t.details(), t.diff(), List.of());
        return new TaskOutcome(t.address().task(), source(t.address().source()), t.module(), change,
                TaskOutcome.Status.valueOf(t.status().toUpperCase()), t.message(), t.address().item(), t.noLog(), t.quietRun(),
                t.address().handler());
    }

    private static final Pattern SOURCE = Pattern.compile("(.*?):(\\d+)(?::(\\d+))?");

    private static Source source(String text) {
        if (text == null) return null;
        Matcher m = SOURCE.matcher(text);
        if (!m.matches()) return Source.of(text);
        return new Source(m.group(1), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }
}
