package dev.opsctl.cli;

import dev.opsctl.plan.Mode;
import dev.opsctl.plan.RunResult;
import dev.opsctl.journal.Journal;
import dev.opsctl.journal.RunRecord;
import dev.opsctl.journal.RunView;
import dev.opsctl.json.Json;
import dev.opsctl.report.MarkdownReport;
import dev.opsctl.report.TextReport;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl show RUN_ID}: a journalled run's who/when/why, its plan as carried out, and each host's outcome. */
final class JournalRun {
    private JournalRun() {}

    /** A run id ("20261207T121645-11b934d4") or a start of one of at least 8 characters, never a path. */
    static boolean looksLikeRunId(String arg) {
        return arg.matches("\\d{8}(T[0-9]{0,6}(-[0-9a-f]{0,8})?)?");
    }

    static int show(String id, OutputOptions.Format format, boolean diff, CommandSpec spec) {
        Optional<RunRecord> found;
        try (Journal journal = HistoryCommand.open()) {
            found = journal.run(id);
        } catch (SQLException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot read the run journal: " + e.getMessage());
        }
        RunRecord r = found.orElseThrow(() -> new CliException(ExitCode.INVALID_INPUT,
                "no file " + id + ", and no run (or more than one) in the journal with that id; 'opsctl history' lists them"));
        PrintWriter out = spec.commandLine().getOut();
        RunResult carriedOut = RunView.result(r, Mode.APPLY);
        switch (format) {
            case json -> out.println(Json.pretty(RunView.json(r, true)));
            case markdown -> {
                RunView.header(r, out);
                out.print(MarkdownReport.render(carriedOut));
            }
            case text -> {
                RunView.header(r, out);
                if (!carriedOut.hosts().isEmpty()) new TextReport(diff, false).print(carriedOut, out);
                out.println();
                RunView.hosts(r, out);
            }
        }
        out.flush();
        return ExitCode.OK;
    }
}
