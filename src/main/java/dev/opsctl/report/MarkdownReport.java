package dev.opsctl.report;

import dev.opsctl.plan.RunResult;
import dev.opsctl.plan.Mode;
import dev.opsctl.plan.RunPlan;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.HostPlan;
import dev.opsctl.plan.Plan;
import dev.opsctl.plan.PlannedTask;
import dev.opsctl.plan.TaskAddress;

/**
 * A plan or apply result (read as the plan model) as GitHub/GitLab-flavoured Markdown for a pull request or job summary: the summary line,
 * a table of hosts by action, then each changed host's changes with diffs folded in {@code <details>} blocks.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(RunResult run) {
        StringBuilder md = new StringBuilder();
        Summary s = Summary.of(run);
        md.append("## opsctl ").append(run.mode() == Mode.PLAN ? "plan" : "apply").append("\n\n");
        md.append(TextReport.planLine(s)).append("\n\n");
        md.append("| host | status | create | update | delete | run |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        Plan plan = RunPlan.of(run);
        for (HostPlan h : plan.hosts()) {
            md.append("| ").append(text(h.name())).append(" | ").append(h.status());
            for (Action a : new Action[] {Action.CREATE, Action.UPDATE, Action.DELETE, Action.RUN}) {
                md.append(" | ").append(h.tasks().stream().filter(t -> t.action() == a).count());
            }
            md.append(" |\n");
        }
        for (HostPlan h : plan.hosts()) host(h, md);
        return md.toString();
    }

    private static void host(HostPlan h, StringBuilder md) {
        boolean any = !h.status().equals("ok") || h.tasks().stream().anyMatch(t -> t.action().isChange() || t.status().equals("failed"));
        if (!any) return;
        md.append("\n### ").append(text(h.name())).append("\n\n");
        if (h.status().equals("unreachable")) md.append("- unreachable: ").append(text(String.valueOf(h.error()))).append('\n');
        for (PlannedTask t : h.tasks()) {
            TaskAddress a = t.address();
            String name = text(a.task() + (a.handler() ? " (handler)" : "") + (a.item() != null ? " (item=" + a.item() + ")" : ""));
            if (t.status().equals("failed")) {
                md.append("- `!` **").append(name).append("**: ").append(text(t.noLog() ? TextReport.SUPPRESSED : String.valueOf(t.message()))).append('\n');
                continue;
            }
            if (!t.action().isChange()) continue;
            md.append("- `").append(t.action().symbol()).append("` ").append(t.action().word()).append(" **").append(name).append("**: ")
                    .append(text(t.summary())).append('\n');
            if (t.noLog()) continue;
            for (String d : t.details()) md.append("  - ").append(text(d)).append('\n');
            if (t.diff() != null) {
                String fence = fenceFor(t.diff());
                md.append("\n  <details><summary>diff</summary>\n\n  ").append(fence).append("diff\n");
                for (String line : t.diff().split("\n")) md.append("  ").append(line).append('\n');
                md.append("  ").append(fence).append("\n\n  </details>\n\n");
            }
        }
    }

    /** A code fence longer than any run of backticks in the diff, so the diff cannot close it. */
    private static String fenceFor(String diff) {
        int longest = 0;
        int run = 0;
        for (char ch : diff.toCharArray()) {
            run = ch == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return "`".repeat(Math.max(3, longest + 1));
    }

    /** Text outside code: HTML and Markdown markup characters escaped, so a file's name or content cannot inject any. */
    private static String text(String s) {
        StringBuilder out = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\n' -> out.append(' ');
                case '\\', '`', '*', '_', '[', ']', '|', '#' -> out.append('\\').append(ch);
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
