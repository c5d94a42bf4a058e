package dev.opsctl.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Refuses a saved plan's file name that promises another format: {@code -o plan.md} would get JSON in a .md file. */
final class SavedPlanName {
    private SavedPlanName() {}

    static void check(Path out) {
        if (out == null || out.getFileName() == null) return;
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1);
        if (ext.equals("md") || ext.equals("markdown") || ext.equals("txt") || ext.equals("xml")) {
            throw new CliException(ExitCode.INVALID_INPUT, "-o " + out + ": -o saves the plan as JSON for 'opsctl apply FILE' "
                    + "(name it plan.json); --format sets what is printed, so keep Markdown with '--format markdown > " + out + "'");
        }
    }
}
