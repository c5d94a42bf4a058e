package dev.opsctl.reboot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * A lock on this machine per inventory and host pattern, so that two {@code opsctl reboot} runs over the same hosts
 * (a slow cron run and the next one) never overlap. The operating system releases it when the process ends.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file for {@code inventories} (as given, made absolute) and {@code pattern}, in {@code dir}. */
    public static Path file(Path dir, List<Path> inventories, String pattern) {
        StringBuilder key = new StringBuilder();
        for (Path p : inventories) key.append(p.toAbsolutePath().normalize()).append('\0');
        key.append(pattern);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.toString().getBytes(StandardCharsets.UTF_8));
            return dir.resolve("opsctl-reboot-" + HexFormat.of().formatHex(digest, 0, 8) + ".lock");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Takes the lock, or returns null when another run holds it; the file then says who. The file is opened without
     * following a symlink (O_NOFOLLOW): a link planted at its name is refused, and what it points to is left alone.
     * Its directory should be opsctl's private one ({@link dev.opsctl.local.PrivateDir}).
     */
    public static RunLock tryTake(Path file, String holder) throws IOException {
        if (Files.isSymbolicLink(file)) throw new IOException("refusing the lock " + file + ": it is a symlink");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.FileSystemException e) {
            // ELOOP: a link appeared between the check and the open.
            if (Files.isSymbolicLink(file)) throw new IOException("refusing the lock " + file + ": it is a symlink");
            throw e;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            ch.close();
            throw new IOException("refusing the lock " + file + ": not a regular file");
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap((holder + " since " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8)));
        ch.force(false);
        return new RunLock(ch, lock);
    }

    /** Who holds the lock, as its file says. */
    public static String holder(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
