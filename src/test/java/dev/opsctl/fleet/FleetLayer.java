package dev.opsctl.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a run changed on a fleet host: every path in the host's copy-on-write layer with its kind, mode, owner and
 * content digest, so that two hosts configured by different tools can be compared. Paths that change on their own
 * (logs, caches, package lists, tool state) are left out.
 */
public final class FleetLayer {
    private static final List<String> VOLATILE = List.of("tmp/", "run/", "var/log/", "var/cache/", "var/lib/apt/lists/",
            "var/lib/apt/periodic/", "var/lib/dpkg/", "var/lib/fleet/", "var/lib/systemd/", "root/.ansible", "root/.cache",
            "home/opsuser/.ansible", "var/backups/", "etc/ld.so.cache", "var/lib/ucf/", "etc/.pwd.lock", "var/lib/apt/extended_states",
            "var/lib/python", "usr/lib/python3", "var/lib/sgml-base/", "var/lib/ntpsec/", "var/lib/redis/", "var/lib/php/");

    private FleetLayer() {}

    /** Relative path to "kind mode owner:group digest" for everything the host wrote since the fleet started. */
    public static Map<String, String> of(FleetHost h) throws IOException {
        Path upper = h.upper();
        Map<String, String> out = new TreeMap<>();
        Files.walkFileTree(upper, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                String rel = upper.relativize(dir).toString();
                if (!rel.isEmpty() && skipped(rel + "/")) return FileVisitResult.SKIP_SUBTREE;
                if (!rel.isEmpty()) out.put(rel, describe(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = upper.relativize(file).toString();
                if (!skipped(rel)) out.put(rel, describe(file));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static boolean skipped(String rel) {
        return VOLATILE.stream().anyMatch(rel::startsWith);
    }

    private static String describe(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String owner = a.owner().getName() + ":" + a.group().getName();
        String mode = PosixFilePermissions.toString(a.permissions());
        if (a.isSymbolicLink()) return "link -> " + Files.readSymbolicLink(p);
        if (a.isDirectory()) return "dir " + mode + " " + owner;
        if (a.isOther()) return "deleted"; // an overlay whiteout
        return "file " + mode + " " + owner + " " + digest(p);
    }

    private static String digest(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
