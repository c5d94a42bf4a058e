package dev.opsctl.cli;

import dev.opsctl.journal.HistoryFilter;
import dev.opsctl.journal.Journal;
import dev.opsctl.journal.JournalLocation;
import dev.opsctl.journal.RunRecord;
import dev.opsctl.journal.RunView;
import dev.opsctl.json.Json;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl history}: the journal's runs (docs/journal.md), newest first. */
@Command(mixinStandardHelpOptions = true, name = "history", description = {"List the runs the journal recorded (apply and reboot), newest first.",
        "The journal: OPSCTL_JOURNAL, else ansible.cfg's [opsctl] journal, else $XDG_STATE_HOME/opsctl/journal.db. See docs/journal.md."},
        modelTransformer = ExitCode.Listed.class)
final class HistoryCommand implements Callable<Integer> {
    enum Format { text, json }

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATTERN", description = "Only runs on these hosts or groups ('web*', 'db,web').")
    String pattern;

    @Option(names = "--host", paramLabel = "HOST", description = "Only runs on this host.")
    String host;

    @Option(names = "--since", paramLabel = "AGE|DATE", description = "Only runs started since: 7d, 24h, 30m, 2w, 2026-12-01 or 2026-12-01T03:00:00Z.")
    String since;

    @Option(names = "--failed", description = "Only runs that failed or in which a host failed or was unreachable.")
    boolean failed;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Instant from;
        try {
            from = since == null ? Instant.EPOCH : HistoryFilter.since(since, Instant.now(), ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        }
        HistoryFilter filter = new HistoryFilter(pattern, host, failed);
        List<RunRecord> runs = new ArrayList<>();
        try (Journal journal = open()) {
            for (RunRecord r : journal.runs(from)) if (filter.matches(r)) runs.add(0, r);
        } catch (SQLException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot read the run journal: " + e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) out.println(Json.pretty(runs.stream().map(r -> RunView.json(r, false)).toList()));
        else RunView.table(runs, out);
        out.flush();
        return ExitCode.OK;
    }

    /** The journal this process's settings name; an error when it is off. */
    static Journal open() throws SQLException {
        JournalLocation where;
        try {
            where = JournalLocation.current();
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "OPSCTL_JOURNAL: " + e.getMessage());
        }
        if (where instanceof JournalLocation.Off) throw new CliException(ExitCode.INVALID_INPUT, "the run journal is off (" + JournalLocation.VARIABLE + "=off)");
        return Journal.open(where);
    }
}
