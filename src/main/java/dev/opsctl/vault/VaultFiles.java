package dev.opsctl.vault;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files {@code opsctl vault} writes: as Ansible, mode 0600 and symlinks followed; unlike a plain rewrite, the content
 * goes to a temp file beside the target first and is renamed over it, so no partial file ever stands at its name.
 */
public final class VaultFiles {
    private VaultFiles() {}

    /** Writes {@code data} to {@code target} (a symlink's target) atomically with mode 0600. */
    public static void write(Path target, byte[] data) throws IOException {
        Path real = Files.isSymbolicLink(target) ? target.toRealPath() : target.toAbsolutePath();
        Path dir = real.getParent();
        Path tmp = Files.createTempFile(dir, "." + real.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(data));
                ch.force(true);
            }
            Files.move(tmp, real, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Overwrites a plaintext file with zeros before deleting it (best effort, like Ansible's shred fallback). */
    public static void shred(Path file) {
        try {
            if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(file);
                return;
            }
            long size = Files.size(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(new byte[(int) Math.min(size, Integer.MAX_VALUE)]));
                ch.force(true);
            }
            Files.deleteIfExists(file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Nothing more can be done; the private directory is removed by the caller.
            }
        }
    }
}
