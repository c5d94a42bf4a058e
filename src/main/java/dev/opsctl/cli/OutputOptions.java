package dev.opsctl.cli;

import picocli.CommandLine.Option;

/** How results are shown: {@code --format text|json} and {@code --diff}. */
public final class OutputOptions {
    /** Output formats. */
    public enum Format { text, json }

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (default) or json.")
    Format format = Format.text;

    @Option(names = {"-D", "--diff"}, description = "Show a unified diff of file content changes.")
    boolean diff;

    @Option(names = "--stats", description = "Print remote execs, bytes and time per phase, and the slowest hosts.")
    boolean stats;
}
