package dev.opsctl.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Git state of the repository holding a playbook, read with the {@code git} command: the commit checked out, its
 * author time (where lead time starts), the branch (null when detached) and whether tracked files differ from the
 * commit. Every field is null when there is no git, no repository, or git fails.
 */
public record GitInfo(String commit, String branch, Boolean dirty, Instant authorTime) {
    public static final GitInfo NONE = new GitInfo(null, null, null, null);

    private static final long TIMEOUT_SECONDS = 10;

    public static GitInfo of(Path playbook) {
        if (playbook == null) return NONE;
        Path dir = playbook.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) return NONE;
        String head = git(dir, "log", "-1", "--format=%H %aI");
        if (head == null || !head.contains(" ")) return NONE;
        String[] commitAndTime = head.strip().split(" ", 2);
        Instant authored;
        try {
            authored = OffsetDateTime.parse(commitAndTime[1]).toInstant();
        } catch (RuntimeException e) {
            authored = null;
        }
        String branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
        branch = branch == null || branch.isBlank() || branch.strip().equals("HEAD") ? null : branch.strip();
        String status = git(dir, "status", "--porcelain", "--untracked-files=no");
        return new GitInfo(commitAndTime[0], branch, status == null ? null : !status.isBlank(), authored);
    }

    /** The command's standard output, or null when git is missing, fails or takes too long. */
    private static String git(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "safe.directory=*", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = null;
        try {
            p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (p != null) p.destroy();
        }
    }
}
