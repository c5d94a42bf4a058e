package dev.opsctl.report;

import dev.opsctl.exec.HostResult;
import dev.opsctl.exec.Mode;
import dev.opsctl.exec.RunResult;
import dev.opsctl.exec.TaskOutcome;
import dev.opsctl.plan.Action;
import dev.opsctl.plan.Change;

/**
 * A plan or apply result as GitHub/GitLab-flavoured Markdown for a pull request or job summary: the summary line,
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
        for (HostResult h : run.hosts()) {
            md.append("| ").append(text(h.host())).append(" | ").append(h.state().name().toLowerCase());
            for (Action a : new Action[] {Action.CREATE, Action.UPDATE, Action.DELETE, Action.RUN}) {
                md.append(" | ").append(h.outcomes().stream().filter(o -> o.action() == a).count());
            }
            md.append(" |\n");
        }
        for (HostResult h : run.hosts()) host(h, md);
        return md.toString();
    }

    private static void host(HostResult h, StringBuilder md) {
        boolean any = h.state() != HostResult.State.OK || h.outcomes().stream().anyMatch(o -> o.action().isChange()
                || o.status() == TaskOutcome.Status.FAILED);
        if (!any) return;
        md.append("\n### ").append(text(h.host())).append("\n\n");
        if (h.state() == HostResult.State.UNREACHABLE) md.append("- unreachable: ").append(text(String.valueOf(h.error()))).append('\n');
        for (TaskOutcome o : h.outcomes()) {
            String name = text(o.task() + (o.handler() ? " (handler)" : "") + (o.item() != null && !o.noLog() ? " (item=" + o.item() + ")" : ""));
            if (o.status() == TaskOutcome.Status.FAILED) {
                md.append("- `!` **").append(name).append("**: ").append(text(o.noLog() ? TextReport.SUPPRESSED : String.valueOf(o.message()))).append('\n');
                continue;
            }
            if (!o.action().isChange()) continue;
            Change c = o.change();
            md.append("- `").append(o.action().symbol()).append("` ").append(o.action().word()).append(" **").append(name).append("**: ")
                    .append(text(o.noLog() ? TextReport.SUPPRESSED : c.summary())).append('\n');
            if (o.noLog()) continue;
            for (String d : c.details()) md.append("  - ").append(text(d)).append('\n');
            if (c.diff() != null) {
                String fence = fenceFor(c.diff());
                md.append("\n  <details><summary>diff</summary>\n\n  ").append(fence).append("diff\n");
                for (String line : c.diff().split("\n")) md.append("  ").append(line).append('\n');
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
