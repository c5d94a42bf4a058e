package dev.opsctl.module.fetch;

import dev.opsctl.module.PlanException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where fetch writes on the controller, as Ansible's fetch action computes it, and never outside {@code dest}. */
final class FetchDest {
    private FetchDest() {}

    /**
     * {@code dest/HOST/SRC} normalized (a relative dest is under the playbook's directory), or with {@code flat} dest
     * itself ({@code dest/BASENAME} when it ends in '/'). A source whose {@code ..} would climb out of
     * {@code dest/HOST} is refused with Ansible's directory-traversal message.
     */
    static String of(FetchModule.FetchArgs a, String host, String playbookDir) {
        String dest = a.dest();
        String src = a.src();
        if (a.flat()) {
            if (Files.isDirectory(Path.of(dest)) && !dest.endsWith("/")) {
                throw new PlanException("dest is an existing directory, use a trailing slash if you want to fetch src into that directory");
            }
            if (dest.endsWith("/")) dest = dest + Path.of(src).getFileName();
            return absolute(dest, playbookDir).normalize().toString();
        }
        Path base = absolute(dest, playbookDir).resolve(host).normalize();
        Path target = Path.of(base + "/" + src).normalize();
        if (!target.startsWith(base) || target.equals(base)) {
            throw new PlanException("Detected directory traversal, expected to be contained in '" + base + "' but got '" + target + "'");
        }
        return target.toString();
    }

    private static Path absolute(String dest, String playbookDir) {
        Path p = Path.of(dest);
        return p.isAbsolute() ? p : Path.of(playbookDir).resolve(p).toAbsolutePath();
    }
}
