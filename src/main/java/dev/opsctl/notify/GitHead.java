package dev.opsctl.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The commit a playbook came from: its sha, branch and the repository's remote URL (credentials removed), read with
 * {@code git} from the playbook's directory. Null when git is missing or the playbook is not in a repository.
 *
 * @param sha the HEAD commit
 * @param branch the branch, or null when HEAD is detached
 * @param repoUrl the {@code origin} remote's URL without user or password, or null when there is none
 */
public record GitHead(String sha, String branch, String repoUrl) {
    /** The commit {@code dir} is checked out at, or null. */
    public static GitHead of(Path dir) {
        String sha = git(dir, "rev-parse", "HEAD");
        if (sha == null || !sha.matches("[0-9a-f]{40,64}")) return null;
        String branch = git(dir, "rev-parse", "--abbrev-ref", "HEAD");
        String url = git(dir, "config", "--get", "remote.origin.url");
        return new GitHead(sha, "HEAD".equals(branch) ? null : branch, url == null ? null : withoutCredentials(url));
    }

    /** {@code https://user:token@host/x} as {@code https://host/x}: a remote URL may carry a token. */
    static String withoutCredentials(String url) {
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }

    private static String git(Path dir, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 && !out.isEmpty() ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
