package dev.opsctl.plan;

import dev.opsctl.diag.Source;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a task was written, as a plan's task address records it. One rule, so a plan made with {@code $PWD/site.yml}
 * is applied from {@code site.yml} (and the other way round, or through a symlinked directory) without a false drift:
 * the real path of the task's file (symlinks resolved), relative to the real path of the playbook's directory when it
 * lies under it, else that real path whole (a role from a roles_path elsewhere).
 */
public final class TaskSource {
    private TaskSource() {}

    /** {@code at} as a plan records it; as written when its file cannot be found (nothing to normalise). */
    public static String of(Source at, Path playbookDir) {
        if (at == null) return null;
        if (playbookDir == null) return at.toString();
        try {
            Path file = Path.of(at.file()).toRealPath();
            Path dir = playbookDir.toRealPath();
            String shown = file.startsWith(dir) ? dir.relativize(file).toString() : file.toString();
            return new Source(shown, at.line(), at.column()).toString();
        } catch (IOException | RuntimeException e) {
            return at.toString();
        }
    }
}
