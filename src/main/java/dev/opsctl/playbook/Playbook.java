package dev.opsctl.playbook;

import java.nio.file.Path;
import java.util.List;

/**
 * A playbook file: its plays, in order, and where it lives ({@code playbook_dir}, relative file lookups).
 *
 * @param varsFiles the plays' {@code vars_files}, as read
 */
public record Playbook(Path file, List<Play> plays, List<Path> varsFiles) {
    public Playbook {
        plays = List.copyOf(plays);
        varsFiles = List.copyOf(varsFiles);
    }

    public Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
