package dev.opsctl.metrics;

import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The four keys as a small table for a terminal, then the weeks and the failed changes. */
public final class TextMetrics {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private TextMetrics() {}

    public static String render(MetricsReport r, String source) {
        StringBuilder s = new StringBuilder();
        s.append(heading(r)).append('\n');
        s.append("From ").append(source).append(": ").append(r.runs()).append(r.runs() == 1 ? " run, " : " runs, ")
                .append(r.applies()).append(r.applies() == 1 ? " apply" : " applies").append(" that reached hosts.\n\n");
        DeploymentFrequency f = r.frequency();
        LeadTime lt = r.leadTime();
        ChangeFailureRate cfr = r.changeFailureRate();
        TimeToRestore ttr = r.timeToRestore();
        String[][] rows = {
                {"Key", "Value", "DORA", "From"},
                {"Deployment frequency", number(f.medianDaysPerWeek()) + " days/week", f.bucket().name().toLowerCase(Locale.ROOT),
                        f.deploymentDays() + " deployment days, median of " + f.wholeWeeks() + " whole weeks"},
                {"Lead time for changes", Durations.text(lt.median()), "",
                        lt.commits() + " commits" + (lt.appliesWithoutCommit() > 0 ? ", " + lt.appliesWithoutCommit() + " applies without a commit" : "")},
                {"Change failure rate", percent(cfr.rate()), cfr.bucket() == null ? "" : cfr.bucket().name().toLowerCase(Locale.ROOT),
                        cfr.failedChanges().size() + " of " + cfr.applies() + " applies" + reasons(cfr)},
                {"Time to restore", Durations.text(ttr.median()), "",
                        ttr.restored() + " restored" + (ttr.unrestored() > 0 ? ", " + ttr.unrestored() + " not restored yet" : "")},
        };
        table(s, rows);
        s.append("\nDeployment frequency ").append(f.bucket().name().toLowerCase(Locale.ROOT)).append(": ").append(f.bucket().meaning()).append(".\n\n");

        String[][] weeks = new String[r.weeks().size() + 1][];
        weeks[0] = new String[] {"Week of", "Deploy days", "Applies", "Failed", "Lead time"};
        boolean partial = false;
        for (int i = 0; i < r.weeks().size(); i++) {
            WeekRow w = r.weeks().get(i);
            partial |= !w.whole();
            weeks[i + 1] = new String[] {w.monday() + (w.whole() ? "" : "*"), String.valueOf(w.deploymentDays()),
                    String.valueOf(w.applies()), String.valueOf(w.failedChanges()), Durations.text(w.medianLeadTime())};
        }
        table(s, weeks);
        if (partial) s.append("* only part of the week lies in the period\n");
        if (!cfr.failedChanges().isEmpty()) {
            s.append("\nFailed changes:\n");
            for (ChangeFailureRate.FailedChange c : cfr.failedChanges()) {
                s.append("  ").append(c.runId()).append("  ").append(MINUTE.format(c.start().atZone(r.query().zone())))
                        .append("  ").append(c.reason()).append('\n');
            }
        }
        return s.toString();
    }

    static String heading(MetricsReport r) {
        MetricsQuery q = r.query();
        return "DORA's four keys" + (q.group() == null ? "" : " for group " + q.group()) + ", "
                + MINUTE.format(q.from().atZone(q.zone())) + " to " + MINUTE.format(q.to().atZone(q.zone())) + " " + q.zone().getId()
                + " (" + Durations.text(Duration.between(q.from(), q.to())) + ")";
    }

    private static String reasons(ChangeFailureRate cfr) {
        Map<String, Integer> counts = new TreeMap<>();
        for (ChangeFailureRate.FailedChange c : cfr.failedChanges()) {
            String kind = c.reason().startsWith("rolled back") ? "rolled back" : c.reason().startsWith("followed") ? "followed by a failure" : c.reason();
            counts.merge(kind, 1, Integer::sum);
        }
        if (counts.isEmpty()) return "";
        StringBuilder s = new StringBuilder(": ");
        counts.forEach((k, n) -> s.append(s.length() > 2 ? ", " : "").append(n).append(' ').append(k));
        return s.toString();
    }

    static String percent(double rate) {
        return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.1f%%", rate * 100);
    }

    static String number(double v) {
        if (Double.isNaN(v)) return "-";
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void table(StringBuilder s, String[][] rows) {
        int[] width = new int[rows[0].length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == 0 ? "" : "  ").append(row[i]);
                if (i < row.length - 1) line.append(" ".repeat(width[i] - row[i].length()));
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
