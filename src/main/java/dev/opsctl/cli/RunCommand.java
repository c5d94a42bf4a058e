package dev.opsctl.cli;

import dev.opsctl.exec.Mode;
import dev.opsctl.exec.RunResult;
import dev.opsctl.exec.RunSettings;
import dev.opsctl.exec.Workload;
import dev.opsctl.report.JsonReport;
import dev.opsctl.report.JunitReport;
import dev.opsctl.report.MarkdownReport;
import dev.opsctl.report.StatsReport;
import dev.opsctl.report.TextReport;
import dev.opsctl.secret.MaskedResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
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
        Workload w = load(extra);
        RunResult result = run(w, settings(mode, forks, extra));
        render(result);
        return result;
    }

    Workload load(Map<String, Object> extra) {
        return Workload.load(options.playbook, options.inventory.inventories, extra, options.limit);
    }

    RunSettings settings(Mode mode, int forks, Map<String, Object> extra) {
        return new RunSettings(mode, options.limit, extra, options.tags, options.skipTags, output.diff, forks,
                options.become ? Boolean.TRUE : null, connection.becomeUser, connection.becomePassword());
    }

    RunResult run(Workload w, RunSettings settings) {
        return MaskedResult.of(w.run(settings, connection.connector(w.inventory())));
    }

    /** The {@code -e @file} files, which a saved plan hashes as inputs. */
    List<Path> extraVarFiles() {
        return options.extraVars.stream().map(String::strip).filter(e -> e.startsWith("@")).map(e -> Path.of(e.substring(1))).toList();
    }

    void render(RunResult result) {
        PrintWriter out = spec.commandLine().getOut();
        switch (output.format) {
            case json -> out.println(JsonReport.render(result));
            case markdown -> out.print(MarkdownReport.render(result));
            case text -> new TextReport(output.diff, options.verbosity() > 0).print(result, out);
        }
        out.flush();
        if (output.stats) StatsReport.print(result, output.format == OutputOptions.Format.text ? out : spec.commandLine().getErr());
        if (output.junit != null) {
            try {
                JunitReport.write(result, output.junit);
            } catch (IOException e) {
                throw new CliException(ExitCode.INTERNAL, "cannot write " + output.junit + ": " + e.getMessage());
            }
        }
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
