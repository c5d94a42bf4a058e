package dev.opsctl.exec;

import java.io.IOException;
import java.lang.ref.SoftReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Large controller files (copy srcs) read once for all hosts: twenty hosts copying the same 50 MiB file share one array
 * instead of holding twenty. Keyed by path, size and modification time, so a changed file is read again; held softly,
 * so the memory goes back when the run no longer needs it. Callers must not change the array.
 */
final class SharedReads {
    /** Files smaller than this are read per host: sharing them saves nothing worth a lock. */
    private static final long SHARED_FROM = 1 << 20;

    private record Key(Path path, long size, FileTime modified) {}

    private static final Map<Key, SoftReference<byte[]>> READ = new ConcurrentHashMap<>();

    private SharedReads() {}

    static byte[] read(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        if (a.size() < SHARED_FROM) return Files.readAllBytes(file);
        Key key = new Key(file.toAbsolutePath().normalize(), a.size(), a.lastModifiedTime());
        // One reader at a time: hosts asking at once wait for the first read instead of each making their own.
        synchronized (SharedReads.class) {
            SoftReference<byte[]> ref = READ.get(key);
            byte[] bytes = ref == null ? null : ref.get();
            if (bytes != null) return bytes;
            READ.keySet().removeIf(k -> k.path().equals(key.path()));
            bytes = Files.readAllBytes(file);
            READ.put(key, new SoftReference<>(bytes));
            return bytes;
        }
    }
}
