package dev.opsctl.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The controller's own directory for the files opsctl keeps between runs (the reboot lock): owned by the user running
 * opsctl, mode 0700, never reached through a symlink. In a shared directory such as {@code /tmp} another local user
 * could plant a link at a predictable name and make a root-run opsctl write through it; here nobody else can.
 */
public final class PrivateDir {
    private PrivateDir() {}

    /**
     * Where the directory is: {@code $OPSCTL_RUNTIME_DIR}, else {@code $XDG_RUNTIME_DIR/opsctl} (the user's own 0700
     * runtime directory), else {@code /tmp/opsctl-UID}, which {@link #ensure} only accepts when the user owns it.
     */
    public static Path locate(Map<String, String> env) {
        String own = env.get("OPSCTL_RUNTIME_DIR");
        if (own != null && !own.isBlank()) return Path.of(own);
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg, "opsctl");
        return Path.of(System.getProperty("java.io.tmpdir"), "opsctl-" + uid());
    }

    /** {@link #locate} of this process's environment, made and checked by {@link #ensure}. */
    public static Path get() throws IOException {
        return ensure(locate(System.getenv()));
    }

    /**
     * Makes {@code dir} (mode 0700) when it is missing and checks it: a real directory, not a symlink, owned by this
     * user, with no access for group or others. Anything else is refused with the reason, and nothing is written.
     */
    public static Path ensure(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (dir.getParent() != null) Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException raced) {
                // Someone made it in between: checked below like any existing directory.
            }
        }
        if (Files.isSymbolicLink(dir)) throw new IOException("refusing " + dir + ": it is a symlink, not opsctl's own directory");
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) throw new IOException("refusing " + dir + ": not a directory");
        int owner = (Integer) Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid()) {
            throw new IOException("refusing " + dir + ": owned by uid " + owner + ", not by uid " + uid() + " who runs opsctl");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        for (PosixFilePermission p : perms) {
            if (p.name().startsWith("GROUP") || p.name().startsWith("OTHERS")) {
                throw new IOException("refusing " + dir + ": mode " + PosixFilePermissions.toString(perms)
                        + " lets other users in; it must be rwx------ (chmod 700)");
            }
        }
        return dir;
    }

    /** The user id of this process (the owner of what it creates). */
    static long uid() {
        return new com.sun.security.auth.module.UnixSystem().getUid();
    }
}
