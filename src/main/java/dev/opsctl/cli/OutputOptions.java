package dev.opsctl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How results are shown: {@code --format text|json|markdown}, {@code --diff} and a JUnit XML file. */
public final class OutputOptions {
    /** Output formats. */
    public enum Format { text, json, markdown }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default), json or markdown.")
    Format format = Format.text;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write the result as JUnit XML: one testcase per host and task.")
    Path junit;

    @Option(names = {"-D", "--diff"}, description = "Show a unified diff of file content changes.")
    boolean diff;

    @Option(names = "--no-color", description = "No colour on a terminal (also NO_COLOR=1 or TERM=dumb).")
    boolean noColor;

    @Option(names = "--stats", description = "Print remote execs, bytes and time per phase, and the slowest hosts.")
    boolean stats;
}
