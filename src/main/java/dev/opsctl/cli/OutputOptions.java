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
}
