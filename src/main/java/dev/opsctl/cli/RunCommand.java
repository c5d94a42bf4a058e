package dev.opsctl.cli;

import dev.opsctl.exec.Mode;
import dev.opsctl.exec.RunResult;
import dev.opsctl.exec.RunSettings;
import dev.opsctl.exec.Workload;
import dev.opsctl.report.JsonReport;
import dev.opsctl.report.StatsReport;
import dev.opsctl.report.TextReport;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What plan and apply share: load, run, render. */
abstract class RunCommand {
    @Mixin
    PlaybookOptions options = new PlaybookOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    ConnectionOptions connection = new ConnectionOptions();

    @Spec
    CommandSpec spec;

    RunResult execute(Mode mode, int forks) {
        Map<String, Object> extra = options.extraVars();
        Workload w = Workload.load(options.playbook, options.inventory.inventories, extra, options.limit);
        RunSettings settings = new RunSettings(mode, options.limit, extra, options.tags, options.skipTags,
                output.diff, forks, options.become ? Boolean.TRUE : null, connection.becomeUser, connection.becomePassword());
        RunResult result = w.run(settings, connection.connector(w.inventory()));
        PrintWriter out = spec.commandLine().getOut();
        if (output.format == OutputOptions.Format.json) {
            out.println(JsonReport.render(result));
            out.flush();
        } else {
            new TextReport(output.diff, options.verbosity() > 0).print(result, out);
        }
        if (output.stats) StatsReport.print(result, output.format == OutputOptions.Format.json ? spec.commandLine().getErr() : out);
        return result;
    }
}
