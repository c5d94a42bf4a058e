package dev.opsctl.metrics;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The four keys as ONE self-contained HTML page for a wall screen: inline CSS, inline SVG charts (deployment days per
 * week, lead time, change failure rate), no script and nothing fetched from a network. The page is also well-formed
 * XML, so tools (and the tests) can read it as such.
 */
public final class HtmlMetrics {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ROOT);

    private HtmlMetrics() {}

    public static String render(MetricsReport r, String source, Instant generated, String version) {
        DeploymentFrequency f = r.frequency();
        ChangeFailureRate cfr = r.changeFailureRate();
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n")
                .append("<title>").append(Markup.escape(TextMetrics.heading(r))).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        s.append("<h1>").append(Markup.escape(TextMetrics.heading(r))).append("</h1>\n");
        s.append("<p class=\"sub\">").append(r.runs()).append(" runs, ").append(r.applies()).append(" applies that reached hosts. From ")
                .append(Markup.escape(source)).append(".</p>\n<div class=\"tiles\">\n");
        tile(s, "Deployment frequency", TextMetrics.number(f.medianDaysPerWeek()) + " days/week", f.bucket().name(),
                f.deploymentDays() + " deployment days; " + f.bucket().meaning());
        tile(s, "Lead time for changes", Durations.text(r.leadTime().median()), null, "median of " + r.leadTime().commits() + " commits");
        tile(s, "Change failure rate", TextMetrics.percent(cfr.rate()), cfr.bucket() == null ? null : cfr.bucket().name(),
                cfr.failedChanges().size() + " of " + cfr.applies() + " applies");
        tile(s, "Time to restore", Durations.text(r.timeToRestore().median()), null, r.timeToRestore().restored() + " restored"
                + (r.timeToRestore().unrestored() > 0 ? ", " + r.timeToRestore().unrestored() + " not yet" : ""));
        s.append("</div>\n<div class=\"charts\">\n");

        List<SvgChart.Point> days = new ArrayList<>(), lead = new ArrayList<>(), rate = new ArrayList<>();
        double maxLeadHours = 0;
        for (WeekRow w : r.weeks()) {
            String label = DAY.format(w.monday());
            days.add(new SvgChart.Point(label, w.deploymentDays(), !w.whole()));
            double hours = w.medianLeadTime() == null ? Double.NaN : w.medianLeadTime().getSeconds() / 3600.0;
            if (!Double.isNaN(hours)) maxLeadHours = Math.max(maxLeadHours, hours);
            lead.add(new SvgChart.Point(label, hours, !w.whole()));
            rate.add(new SvgChart.Point(label, w.failureRate() * 100, !w.whole()));
        }
        s.append(figure(SvgChart.bars("Deployment days per week", days, 8, v -> TextMetrics.number(v), "#2b7bb9")));
        s.append(figure(SvgChart.line("Median lead time (hours)", lead, Math.ceil(maxLeadHours), v -> TextMetrics.number(Math.round(v * 10) / 10.0) + "h", "#7a4fb5")));
        s.append(figure(SvgChart.bars("Change failure rate per week", rate, 100, v -> Math.round(v) + "%", "#c4452c")));
        s.append("</div>\n<p class=\"note\">* only part of the week lies in the period.</p>\n");
        if (!cfr.failedChanges().isEmpty()) {
            s.append("<h2>Failed changes</h2>\n<table>\n<tr><th>Run</th><th>Started</th><th>Why</th></tr>\n");
            for (ChangeFailureRate.FailedChange c : cfr.failedChanges()) {
                s.append("<tr><td>").append(Markup.escape(c.runId())).append("</td><td>")
                        .append(Markup.escape(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(c.start().atZone(r.query().zone()))))
                        .append("</td><td>").append(Markup.escape(c.reason())).append("</td></tr>\n");
            }
            s.append("</table>\n");
        }
        s.append("<p class=\"foot\">opsctl ").append(Markup.escape(version)).append(", ").append(Markup.escape(generated.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()))
                .append(". Failure window ").append(Markup.escape(Durations.text(r.query().failureWindow())))
                .append(". Formulas: docs/metrics.md.</p>\n</body>\n</html>\n");
        return s.toString();
    }

    private static void tile(StringBuilder s, String name, String value, String bucket, String detail) {
        s.append("<div class=\"tile\"><div class=\"name\">").append(Markup.escape(name)).append("</div><div class=\"value\">")
                .append(Markup.escape(value)).append("</div>");
        if (bucket != null) {
            String b = bucket.toLowerCase(Locale.ROOT);
            s.append("<div class=\"bucket ").append(b).append("\">").append(b).append("</div>");
        }
        s.append("<div class=\"detail\">").append(Markup.escape(detail)).append("</div></div>\n");
    }

    private static String figure(String svg) {
        return "<figure>" + svg + "</figure>\n";
    }

    private static final String STYLE = """
            body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem; color: #1d2430; background: #f6f7f9; }
            h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
            h2 { font-size: 1.2rem; margin-top: 2rem; }
            .sub, .note, .foot { color: #5a6270; }
            .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: 1rem; margin: 1.5rem 0; }
            .tile { background: #fff; border-radius: 8px; padding: 1rem 1.2rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
            .tile .name { font-size: .9rem; color: #5a6270; }
            .tile .value { font-size: 2.2rem; font-weight: 600; margin: .3rem 0; }
            .tile .detail { font-size: .85rem; color: #5a6270; }
            .bucket { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; color: #fff; text-transform: uppercase; }
            .bucket.elite { background: #1e8a4c; } .bucket.high { background: #2b7bb9; } .bucket.medium { background: #d08a1b; } .bucket.low { background: #c4452c; }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(24rem, 1fr)); gap: 1rem; }
            figure { margin: 0; background: #fff; border-radius: 8px; padding: .5rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
            svg { width: 100%; height: auto; }
            .chart-title { font-size: 14px; font-weight: 600; fill: #1d2430; }
            .axis { font-size: 11px; fill: #5a6270; }
            .grid { stroke: #e3e6ea; stroke-width: 1; }
            table { border-collapse: collapse; background: #fff; }
            th, td { text-align: left; padding: .3rem .8rem; border-bottom: 1px solid #e3e6ea; }
            """;
}
