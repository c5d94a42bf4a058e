package dev.opsctl.metrics;

import dev.opsctl.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The four keys as JSON (docs/metrics.md): durations in seconds, rates from 0 to 1, absent values as null. */
public final class JsonMetrics {
    /** Changes whenever a consumer of the JSON would have to change. */
    public static final String FORMAT_VERSION = "1.0";

    private JsonMetrics() {}

    public static String render(MetricsReport r, String source) {
        return Json.pretty(tree(r, source));
    }

    static Map<String, Object> tree(MetricsReport r, String source) {
        MetricsQuery q = r.query();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format_version", FORMAT_VERSION);
        out.put("source", source);
        Map<String, Object> period = new LinkedHashMap<>();
        period.put("from", q.from().toString());
        period.put("to", q.to().toString());
        period.put("time_zone", q.zone().getId());
        period.put("group", q.group());
        period.put("failure_window_seconds", q.failureWindow().getSeconds());
        out.put("period", period);
        out.put("runs", r.runs());
        out.put("applies", r.applies());

        DeploymentFrequency f = r.frequency();
        Map<String, Object> df = new LinkedHashMap<>();
        df.put("deployment_days", f.deploymentDays());
        df.put("whole_weeks", f.wholeWeeks());
        df.put("median_days_per_week", number(f.medianDaysPerWeek()));
        df.put("median_days_per_month", number(f.medianDaysPerMonth()));
        df.put("bucket", f.bucket().name().toLowerCase(Locale.ROOT));
        out.put("deployment_frequency", df);

        Map<String, Object> lt = new LinkedHashMap<>();
        lt.put("median_seconds", seconds(r.leadTime().median()));
        lt.put("commits", r.leadTime().commits());
        lt.put("applies_without_commit", r.leadTime().appliesWithoutCommit());
        out.put("lead_time", lt);

        ChangeFailureRate c = r.changeFailureRate();
        Map<String, Object> cfr = new LinkedHashMap<>();
        cfr.put("rate", number(c.rate()));
        cfr.put("failed", c.failedChanges().size());
        cfr.put("applies", c.applies());
        cfr.put("bucket", c.bucket() == null ? null : c.bucket().name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> failed = new ArrayList<>();
        for (ChangeFailureRate.FailedChange fc : c.failedChanges()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", fc.runId());
            m.put("start", fc.start().toString());
            m.put("reason", fc.reason());
            failed.add(m);
        }
        cfr.put("failed_changes", failed);
        out.put("change_failure_rate", cfr);

        Map<String, Object> ttr = new LinkedHashMap<>();
        ttr.put("median_seconds", seconds(r.timeToRestore().median()));
        ttr.put("restored", r.timeToRestore().restored());
        ttr.put("unrestored", r.timeToRestore().unrestored());
        out.put("time_to_restore", ttr);

        List<Map<String, Object>> weeks = new ArrayList<>();
        for (WeekRow w : r.weeks()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("week_of", w.monday().toString());
            m.put("whole", w.whole());
            m.put("deployment_days", w.deploymentDays());
            m.put("applies", w.applies());
            m.put("failed_changes", w.failedChanges());
            m.put("median_lead_time_seconds", seconds(w.medianLeadTime()));
            weeks.add(m);
        }
        out.put("weeks", weeks);
        return out;
    }

    private static Object number(double v) {
        return Double.isNaN(v) ? null : v;
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.getSeconds();
    }
}
