package dev.opsctl.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** bench/site.yml, or a copy of it without the tasks tagged {@code users} for an opsctl that lacks those modules. */
final class BenchPlaybook {
    static final Path DIR = Path.of("bench").toAbsolutePath();
    static final Path SITE = DIR.resolve("site.yml");
    private static final String USERS_TAG = "tags: [users]";

    private BenchPlaybook() {}

    static Path choose(boolean withUsers, Path work) throws IOException {
        return withUsers ? SITE : withoutUserTasks(work.resolve("playbook"));
    }

    /**
     * Writes the copy, with templates/ and files/ beside it where both tools look for a task's src. The group and
     * user tasks go, and with them the one task that sets an owner (it needs the user).
     */
    private static Path withoutUserTasks(Path dir) throws IOException {
        for (String sub : List.of("templates", "files")) {
            Files.createDirectories(dir.resolve(sub));
            try (var files = Files.list(DIR.resolve(sub))) {
                for (Path f : files.toList()) Files.copy(f, dir.resolve(sub).resolve(f.getFileName()));
            }
        }
        Path copy = dir.resolve("site.yml");
        List<String> kept = new ArrayList<>();
        for (List<String> block : blocks(Files.readAllLines(SITE))) {
            if (block.stream().noneMatch(l -> l.trim().equals(USERS_TAG))) kept.addAll(block);
        }
        Files.write(copy, kept);
        return copy;
    }

    /** The file cut before every task ("    - ") and every play-level key ("  handlers:"), site.yml's layout. */
    private static List<List<String>> blocks(List<String> lines) {
        List<List<String>> blocks = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("    - ") || line.matches("^  [a-z_]+:.*")) {
                blocks.add(current);
                current = new ArrayList<>();
            }
            current.add(line);
        }
        blocks.add(current);
        return blocks;
    }
}
