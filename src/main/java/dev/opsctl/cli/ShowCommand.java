package dev.opsctl.cli;

import dev.opsctl.plan.RunResult;
import dev.opsctl.report.JsonReport;
import dev.opsctl.report.MarkdownReport;
import dev.opsctl.report.TextReport;
import dev.opsctl.saved.SavedPlanFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl show FILE|RUN_ID}: renders a saved plan, or a journalled run, without contacting any host. */
@Command(mixinStandardHelpOptions = true, name = "show", description = "Show a saved plan ('opsctl plan -o FILE'), or a run of the journal "
        + "('opsctl history' lists their ids), without contacting any host.",
        modelTransformer = ExitCode.Listed.class)
final class ShowCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE|RUN_ID", description = "The saved plan, or a run id (or its unique start) from 'opsctl history'.")
    Path file;

    /** Branch shard: the shard plans of one sharded run, shown (and saved with -o) as one plan; see ShowMerge. */
    @Option(names = "--merge", arity = "1..*", paramLabel = "SHARD_PLAN",
            description = "Merge the saved plans of every shard ('plan --shard K/N -o FILE') into one plan of the whole selection; "
                    + "refused when they come from different inputs, overlap, or a shard is missing.")
    java.util.List<Path> merge;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "With --merge: also save the merged plan to FILE.")
    Path out;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or markdown.")
    OutputOptions.Format format = OutputOptions.Format.text;

    @Option(names = {"-D", "--diff"}, description = "Show a unified diff of file content changes (text).")
    boolean diff;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (merge != null) return ShowMerge.show(this);
        if (file == null) throw new CliException(ExitCode.INVALID_INPUT, "show needs FILE or RUN_ID, or --merge SHARD_PLAN...");
        // Not a file: a run of the journal.
        if (!java.nio.file.Files.exists(file) && JournalRun.looksLikeRunId(file.toString())) return JournalRun.show(file.toString(), format, diff, spec);
        RunResult plan;
        try {
            plan = SavedPlanFile.read(file).toRunResult();
        } catch (IOException | RuntimeException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot read the saved plan " + file + ": " + e.getMessage());
        }
        print(plan);
        return ExitCode.OK;
    }

    /** Prints a plan in the chosen format. */
    void print(RunResult plan) {
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case json -> out.println(JsonReport.render(plan));
            case markdown -> out.print(MarkdownReport.render(plan));
            case text -> new TextReport(diff, false).print(plan, out);
        }
        out.flush();
    }
}
