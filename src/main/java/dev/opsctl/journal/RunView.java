package dev.opsctl.journal;

import dev.opsctl.plan.Mode;
import dev.opsctl.plan.RunResult;
import dev.opsctl.json.Json;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.plan.PlanJson;
import dev.opsctl.saved.SavedPlan;
import dev.opsctl.term.Escape;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How {@code opsctl history} and {@code opsctl show RUN_ID} show journalled runs. */
public final class RunView {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private RunView() {}

    /** The history table, newest run first: id, start (UTC), user, command, playbook, hosts, result, reason. */
    public static void table(List<RunRecord> runs, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "START (UTC)", "USER", "COMMAND", "PLAYBOOK", "HOSTS", "RESULT", "REASON"});
        for (RunRecord r : runs) {
            rows.add(new String[] {r.id(), MINUTE.format(r.start()), r.osUser() == null ? "" : r.osUser(), r.kind(),
                    r.playbook() == null ? (r.pattern() == null ? "" : r.pattern()) : shortPath(r.playbook()), hosts(r), result(r),
                    cut(oneLine(r.reason()) + (r.ticket() == null ? "" : " [" + oneLine(r.ticket()) + "]"), 40)});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.println(Escape.text(line.toString().stripTrailing()));
        }
        if (runs.isEmpty()) out.println("No runs in the journal match.");
    }

    /** "success", "failed (2 of 5 hosts)", "unfinished". */
    static String result(RunRecord r) {
        long bad = r.hosts().stream().filter(HostRecord::failed).count();
        return r.result().word() + (bad > 0 ? " (" + bad + " of " + r.hosts().size() + " hosts)" : "");
    }

    /** "h001,h002" or "h001,h002,h003 +4". */
    static String hosts(RunRecord r) {
        List<String> names = r.hosts().stream().map(HostRecord::host).toList();
        if (names.size() <= 3) return String.join(",", names);
        return String.join(",", names.subList(0, 3)) + " +" + (names.size() - 3);
    }

    private static String shortPath(String path) {
        String cwd = java.nio.file.Path.of("").toAbsolutePath() + "/";
        return path.startsWith(cwd) ? path.substring(cwd.length()) : path;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** The run as JSON: every column, its hosts, and each host's plan (plan/PlanJson's form). */
    public static Map<String, Object> json(RunRecord r, boolean withPlans) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("kind", r.kind());
        m.put("result", r.result().word());
        m.put("exit_code", r.exitCode());
        m.put("start", time(r.start()));
        m.put("end", time(r.end()));
        m.put("user", r.osUser());
        m.put("controller", r.controller());
        m.put("key_fingerprints", r.keyFingerprints());
        m.put("command_line", r.commandLine());
        m.put("playbook", r.playbook());
        Map<String, Object> git = new LinkedHashMap<>();
        git.put("commit", r.git().commit());
        git.put("branch", r.git().branch());
        git.put("dirty", r.git().dirty());
        git.put("author_time", time(r.git().authorTime()));
        m.put("git", git);
        m.put("inventory", r.inventory());
        m.put("pattern", r.pattern());
        m.put("limit", r.limit());
        m.put("reason", r.reason());
        m.put("ticket", r.ticket());
        m.put("approvers", r.approvers());
        m.put("message", r.message());
        List<Object> hosts = new ArrayList<>();
        for (HostRecord h : r.hosts()) {
            Map<String, Object> hm = new LinkedHashMap<>();
            hm.put("host", h.host());
            hm.put("groups", h.groups());
            hm.put("outcome", h.outcome());
            hm.put("error", h.error());
            hm.put("changes", h.changes());
            hm.put("start", time(h.start()));
            hm.put("end", time(h.end()));
            if (withPlans) hm.put("plan", plan(h));
            hosts.add(hm);
        }
        m.put("hosts", hosts);
        return m;
    }

    private static Object plan(HostRecord h) {
        if (h.planJson() == null) return null;
        try {
            return Json.read(h.planJson());
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String time(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** The run's plan and outcome as a result the report formats render (hosts that never finished have none). */
    @SuppressWarnings("unchecked")
    public static RunResult result(RunRecord r, Mode mode) {
        List<HostPlan> plans = new ArrayList<>();
        for (HostRecord h : r.hosts()) {
            if (plan(h) instanceof Map<?, ?> m) plans.add(PlanJson.readHost((Map<String, Object>) m));
        }
        RunResult planned = new SavedPlan(null, null, null, Map.of(), new Plan(plans)).toRunResult();
        return new RunResult(mode, planned.hosts(), 0, List.of());
    }

    /** {@code opsctl show RUN_ID}'s lines before the plan: who, when, from what, why. */
    public static void header(RunRecord r, PrintWriter out) {
        List<String> lines = new ArrayList<>();
        lines.add("Run " + r.id() + ": " + r.kind() + ", " + r.result().word() + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")"));
        String ended = r.end() == null ? "never recorded" : r.end().truncatedTo(ChronoUnit.SECONDS) + " ("
                + Duration.between(r.start(), r.end()).toSeconds() + "s)";
        lines.add("  started   " + r.start().truncatedTo(ChronoUnit.SECONDS) + " by " + r.osUser() + "@" + r.controller() + ", ended " + ended);
        lines.add("  command   " + r.commandLine());
        if (r.playbook() != null) {
            GitInfo g = r.git();
            String git = g.commit() == null ? "" : " (git " + g.commit().substring(0, Math.min(12, g.commit().length()))
                    + (g.branch() == null ? "" : " on " + g.branch()) + (Boolean.TRUE.equals(g.dirty()) ? ", with uncommitted changes" : "")
                    + (g.authorTime() == null ? "" : ", authored " + g.authorTime()) + ")";
            lines.add("  playbook  " + r.playbook() + git);
        }
        if (r.inventory() != null && !r.inventory().isEmpty()) lines.add("  inventory " + r.inventory());
        if (r.pattern() != null) lines.add("  pattern   " + r.pattern());
        if (r.limit() != null) lines.add("  limit     " + r.limit());
        if (r.reason() != null) lines.add("  reason    " + r.reason());
        if (r.ticket() != null) lines.add("  ticket    " + r.ticket());
        if (!r.approvers().isEmpty()) lines.add("  approved  " + String.join(", ", r.approvers()));
        if (!r.keyFingerprints().isEmpty()) lines.add("  keys      " + String.join(", ", r.keyFingerprints()));
        if (r.message() != null) lines.add("  message   " + r.message());
        lines.forEach(l -> out.println(Escape.text(l)));
        out.println();
    }

    /** Each host's outcome and timing, after the plan. */
    public static void hosts(RunRecord r, PrintWriter out) {
        out.println("Hosts:");
        int width = r.hosts().stream().mapToInt(h -> h.host().length()).max().orElse(0);
        for (HostRecord h : r.hosts()) {
            String timing = h.start() == null ? "" : "  " + h.start().truncatedTo(ChronoUnit.SECONDS)
                    + (h.end() == null ? " (did not finish)" : " " + Duration.between(h.start(), h.end()).toMillis() / 1000.0 + "s");
            out.println(Escape.text(String.format("  %-" + width + "s  %-11s%s%s", h.host(), h.outcome().replace('_', ' '), timing,
                    h.error() == null ? "" : "  " + oneLine(h.error()))));
        }
    }
}
