package dev.opsctl.exec;

import dev.opsctl.transport.Payload;
import dev.opsctl.vault.VaultText;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Controller files (copy srcs) as what goes to the hosts. A small one is read into memory. A large one is never held:
 * it becomes a {@link Payload.FileRegion} whose digests are taken once, in one streaming pass, for all hosts (twenty
 * hosts copying the same 300 MiB file read it once to plan and once each to send, 64 KiB at a time). Keyed by path,
 * size and modification time, so a changed file is digested again.
 */
final class SharedReads {
    /** Files from this size on are streamed rather than held: below it, memory costs less than a second read. */
    static final long STREAMED_FROM = 1 << 20;

    private record Key(Path path, long size, FileTime modified) {}

    private static final Map<Key, Payload.FileRegion> DIGESTED = new ConcurrentHashMap<>();

    private SharedReads() {}

    private static final Map<Key, SoftReference<byte[]>> READ = new ConcurrentHashMap<>();

    /**
     * The file's bytes in memory, for what must hold them (a vaulted file, an archive unarchive lists): a large one is
     * read once for all hosts and shared, held softly so the memory goes back when the run no longer needs it. Callers
     * must not change the array.
     */
    static byte[] read(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.size() < STREAMED_FROM) return Files.readAllBytes(file);
        Key key = new Key(file.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime());
        synchronized (READ) {
            SoftReference<byte[]> ref = READ.get(key);
            byte[] bytes = ref == null ? null : ref.get();
            if (bytes != null) return bytes;
            READ.keySet().removeIf(k -> k.path().equals(key.path()));
            bytes = Files.readAllBytes(file);
            READ.put(key, new SoftReference<>(bytes));
            return bytes;
        }
    }

    /** Whether {@code file} is large enough to stream and not vault-encrypted (which must be decrypted in memory). */
    static boolean streamed(Path file) throws IOException {
        if (Files.size(file) < STREAMED_FROM) return false;
        try (InputStream in = Files.newInputStream(file)) {
            return !VaultText.isVault(in.readNBytes(64));
        }
    }

    /** The whole of {@code file} as a region with its digests, taken once per path, size and modification time. */
    static Payload.FileRegion region(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Key key = new Key(file.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime());
        Payload.FileRegion known = DIGESTED.get(key);
        if (known != null) return known;
        // One digest at a time: hosts asking at once wait for the first pass instead of each making their own.
        synchronized (SharedReads.class) {
            known = DIGESTED.get(key);
            if (known != null) return known;
            DIGESTED.keySet().removeIf(k -> k.path().equals(key.path()));
            Payload.FileRegion region = Payload.file(key.path());
            // Changed while read: the digests may not match the size; a write would refuse them, so do not keep them.
            if (region.length() == a.size() && Files.getLastModifiedTime(file).equals(a.lastModifiedTime())) DIGESTED.put(key, region);
            return region;
        }
    }
}
