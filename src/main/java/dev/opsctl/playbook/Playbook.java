package dev.opsctl.playbook;

import java.nio.file.Path;
import java.util.List;

/** A playbook file: its plays, in order, and where it lives ({@code playbook_dir}, relative file lookups). */
public record Playbook(Path file, List<Play> plays) {
    public Path dir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }
}
