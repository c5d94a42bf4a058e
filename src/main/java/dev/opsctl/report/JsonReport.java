package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.json.Json;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.PlanJson;
import dev.opsctl.plan.PlannedTask;
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
        for (HostPlan h : RunPlan.of(run).hosts()) hosts.add(host(h));
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

    /** A host as the report shows it, read from the plan model; no_log tasks keep nothing but their name and action. */
    private static Map<String, Object> host(HostPlan h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("status", h.status());
        m.put("error", h.error());
        List<Object> tasks = new ArrayList<>();
        for (PlannedTask t : h.tasks()) tasks.add(PlanJson.reportTask(t));
        m.put("tasks", tasks);
        return m;
    }
}
