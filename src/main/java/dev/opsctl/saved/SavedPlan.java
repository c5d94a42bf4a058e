package dev.opsctl.saved;

import dev.opsctl.diag.Source;
import dev.opsctl.exec.HostResult;
import dev.opsctl.exec.HostStats;
import dev.opsctl.exec.Mode;
import dev.opsctl.exec.RunResult;
import dev.opsctl.exec.TaskOutcome;
import dev.opsctl.facts.FactDigest;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import dev.opsctl.report.JsonReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plan written by {@code opsctl plan -o FILE}: what it was made from (request and input files), and per host the
 * changes and the fingerprint of the facts it was made against, so {@code opsctl apply FILE} can refuse a stale one.
 */
public record SavedPlan(String opsctlVersion, String createdAt, Request request, Map<String, String> inputs,
                        List<HostPlan> hosts) {
    /**
     * The command line the plan was made with. Paths are relative to the working directory when under it. Extra
     * variables are kept only as names: no value, and no digest of one, which for a weak secret
     * ({@code -e password=hunter2}) would let anyone holding the file check guesses offline. A changed value is still
     * caught at apply: the fresh plan it makes must have the same changes as the saved one.
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

    /**
     * One host's part of the plan.
     *
     * @param facts  digest per fact key of the host's answers before any predicted change
     * @param tasks  the tasks as the JSON report shows them (no_log ones suppressed)
     */
    public record HostPlan(String name, String status, String error, String factsSha256, Map<String, String> facts,
                           List<Map<String, Object>> tasks) {
        public HostPlan {
            facts = Map.copyOf(facts);
            tasks = List.copyOf(tasks);
        }

        /** Whether any task of the plan changes something on this host. */
        public boolean hasChanges() {
            return tasks.stream().anyMatch(t -> !Action.NO_OP.word().equals(t.get("action")));
        }
    }

    public SavedPlan {
        inputs = Map.copyOf(inputs);
        hosts = List.copyOf(hosts);
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

    /** The plan part of a plan run. */
    public static List<HostPlan> hostsOf(RunResult plan) {
        List<HostPlan> out = new ArrayList<>();
        for (HostResult h : plan.hosts()) {
            out.add(new HostPlan(h.host(), h.state().name().toLowerCase(), h.error(), factsSha256(h.factDigests()),
                    h.factDigests(), JsonReport.tasks(h)));
        }
        return out;
    }

    /** The saved plan as a plan run again, for the renderers ({@code opsctl show}); steps are not kept. */
    public RunResult toRunResult() {
        List<HostResult> results = new ArrayList<>();
        for (HostPlan h : hosts) {
            List<TaskOutcome> outcomes = new ArrayList<>();
            for (Map<String, Object> t : h.tasks()) outcomes.add(outcome(t));
            results.add(new HostResult(h.name(), outcomes, HostResult.State.valueOf(h.status().toUpperCase()), h.error(),
                    HostStats.NONE, h.facts()));
        }
        return new RunResult(Mode.PLAN, results, 0, List.of());
    }

    @SuppressWarnings("unchecked")
    private static TaskOutcome outcome(Map<String, Object> t) {
        String summary = (String) t.get("summary");
        Change change = summary == null ? null : new Change(action((String) t.get("action")), summary,
                (List<String>) t.getOrDefault("details", List.of()), (String) t.get("diff"), List.of());
        return new TaskOutcome((String) t.get("task"), source((String) t.get("source")), (String) t.get("module"), change,
                TaskOutcome.Status.valueOf(((String) t.get("status")).toUpperCase()), (String) t.get("message"),
                (String) t.get("item"), Boolean.TRUE.equals(t.get("no_log")), false, Boolean.TRUE.equals(t.get("handler")));
    }

    private static Action action(String word) {
        for (Action a : Action.values()) if (a.word().equals(word)) return a;
        throw new IllegalArgumentException("unknown action '" + word + "'");
    }

    private static final Pattern SOURCE = Pattern.compile("(.*?):(\\d+)(?::(\\d+))?");

    private static Source source(String text) {
        if (text == null) return null;
        Matcher m = SOURCE.matcher(text);
        if (!m.matches()) return Source.of(text);
        return new Source(m.group(1), Integer.parseInt(m.group(2)), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }
}
