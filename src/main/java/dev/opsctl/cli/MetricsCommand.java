package dev.opsctl.cli;

import dev.opsctl.metrics.DeploymentFile;
import dev.opsctl.metrics.DeploymentSource;
import dev.opsctl.metrics.JournalDeployments;
import dev.opsctl.metrics.Durations;
import dev.opsctl.metrics.FourKeys;
import dev.opsctl.metrics.HtmlMetrics;
import dev.opsctl.metrics.JsonMetrics;
import dev.opsctl.metrics.MetricsQuery;
import dev.opsctl.metrics.MetricsReport;
import dev.opsctl.metrics.TextMetrics;
import dev.opsctl.report.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code opsctl metrics}: DORA's four keys over the runs of a period (docs/metrics.md). */
@Command(mixinStandardHelpOptions = true, name = "metrics", description = {
        "DORA's four keys over past runs: deployment frequency, lead time for changes, change failure rate, time to restore.",
        "See docs/metrics.md for the formulas and the --from file's shape."}, modelTransformer = ExitCode.Listed.class)
final class MetricsCommand implements Callable<Integer> {
    /** Report formats. */
    enum Format { text, json, html }

    @Option(names = "--since", paramLabel = "AGE", description = "The period: the last AGE (90d, 12w, 36h; default ${DEFAULT-VALUE}).")
    String since = "90d";

    @Option(names = "--until", paramLabel = "TIME", description = "End the period at TIME (2026-11-30T12:00:00Z) instead of now.")
    String until;

    @Option(names = "--group", paramLabel = "GROUP", description = "Only runs that touched a host of this inventory group (e.g. production).")
    String group;

    @Option(names = "--failure-window", paramLabel = "AGE",
            description = "An apply followed within AGE by a failed run on one of its hosts is a failed change (default ${DEFAULT-VALUE}).")
    String failureWindow = "1h";

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "Whose calendar days and weeks are counted (default ${DEFAULT-VALUE}).")
    String zone = "UTC";

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json, or html: one self-contained page with charts.")
    Format format = Format.text;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--from", paramLabel = "FILE", description = "Read the runs from FILE, a JSON list of deployments (docs/metrics.md), instead of the run journal.")
    Path from;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MetricsQuery query = query();
        DeploymentSource source = source();
        MetricsReport report;
        try {
            report = FourKeys.compute(source.deployments(query.from()), query);
        } catch (DeploymentFile.Invalid e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        } catch (IOException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "cannot read " + source.describe() + ": " + e.getMessage());
        }
        String text = switch (format) {
            case text -> TextMetrics.render(report, source.describe());
            case json -> JsonMetrics.render(report, source.describe()) + "\n";
            case html -> HtmlMetrics.render(report, source.describe(), Instant.now(), Version.get());
        };
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            write(output, text);
            spec.commandLine().getErr().println("Wrote " + output);
        }
        return ExitCode.OK;
    }

    /** The runs come from --from, else from the run journal. */
    private DeploymentSource source() {
        if (from != null) return new DeploymentFile(from);
        return new JournalDeployments(() -> {
            try {
                return HistoryCommand.open();
            } catch (java.sql.SQLException e) {
                throw new CliException(ExitCode.INTERNAL, "cannot read the run journal: " + e.getMessage());
            }
        }, "the run journal");
    }

    private MetricsQuery query() {
        try {
            ZoneId z = ZoneId.of(zone);
            Instant end = until == null ? Instant.now() : OffsetDateTime.parse(until).toInstant();
            Duration age = Durations.parse(since);
            if (age.isZero()) throw new IllegalArgumentException("--since must be longer than 0");
            return new MetricsQuery(end.minus(age), end, group, Durations.parse(failureWindow), z);
        } catch (DateTimeException e) {
            throw new CliException(ExitCode.INVALID_INPUT, "--until or --time-zone: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.INVALID_INPUT, e.getMessage());
        }
    }

    /** Written whole beside the target and renamed: a report on a wall screen is never seen half-written. */
    private static void write(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.INTERNAL, "cannot write " + file + ": " + e.getMessage());
        }
    }
}
