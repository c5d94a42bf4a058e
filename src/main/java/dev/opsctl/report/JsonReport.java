package dev.opsctl.report;

import dev.opsctl.exec.HostResult;
import dev.opsctl.exec.RunResult;
import dev.opsctl.exec.TaskOutcome;
import dev.opsctl.json.Json;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable plan or apply result (docs/plan-format.md). {@code format_version} changes whenever a
 * consumer would have to change.
 */
public final class JsonReport {
    public static final String FORMAT_VERSION = "1.0";

    private JsonReport() {}

    public static String render(RunResult run) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format_version", FORMAT_VERSION);
        root.put("opsctl_version", Version.get());
        root.put("mode", run.mode().name().toLowerCase());
        List<Object> hosts = new ArrayList<>();
        for (HostResult h : run.hosts()) hosts.add(host(h));
        root.put("hosts", hosts);
        Summary s = Summary.of(run);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Action a : Action.values()) if (a.isChange()) summary.put(a.word(), s.count(a));
        summary.put("hosts", s.hosts());
        summary.put("unchanged", s.unchanged());
        summary.put("failed", s.failed());
        summary.put("unreachable", s.unreachable());
        root.put("summary", summary);
        return Json.pretty(root);
    }

    private static Map<String, Object> host(HostResult h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.host());
        m.put("status", h.state().name().toLowerCase());
        m.put("error", h.error());
        m.put("tasks", tasks(h));
        return m;
    }

    /** The host's tasks as the JSON report shows them; no_log tasks keep nothing but their name and action. */
    public static List<Map<String, Object>> tasks(HostResult h) {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (TaskOutcome o : h.outcomes()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("task", o.task());
            t.put("source", o.at() == null ? null : o.at().toString());
            t.put("module", o.module());
            t.put("item", o.noLog() ? null : o.item());
            t.put("handler", o.handler());
            t.put("status", o.status().name().toLowerCase());
            t.put("action", o.action().word());
            Change c = o.change();
            t.put("summary", c == null ? null : o.noLog() ? TextReport.SUPPRESSED : c.summary());
            t.put("details", c == null || o.noLog() ? List.of() : c.details());
            t.put("diff", c == null || o.noLog() ? null : c.diff());
            t.put("message", o.noLog() && o.message() != null ? TextReport.SUPPRESSED : o.message());
            t.put("no_log", o.noLog());
            tasks.add(t);
        }
        return tasks;
    }
}
