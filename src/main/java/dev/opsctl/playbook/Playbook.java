package dev.opsctl.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A playbook file: its plays, in order, and where it lives ({@code playbook_dir}, relative file lookups).
 *
 * @param includedFiles every other file the playbook was read from: vars_files, imported playbooks, imported and
 *                      included task files, role files (a saved plan is stale when one of them changes)
 */
public record Playbook(Path file, List<Play> plays, List<Path> includedFiles) {
    public Playbook {
        plays = List.copyOf(plays);
        includedFiles = List.copyOf(includedFiles);
    }

    public Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
