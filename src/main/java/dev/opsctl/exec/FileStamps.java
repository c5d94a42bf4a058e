package dev.opsctl.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Controller files as they were when read (size and modification time): whether one was written since. */
record FileStamps(Map<Path, Stamp> stamps) {
    private record Stamp(long size, FileTime modified) {}

    static FileStamps of(Set<Path> files) {
        Map<Path, Stamp> stamps = new HashMap<>();
        for (Path p : files) stamps.put(p, stamp(p));
        return new FileStamps(stamps);
    }

    boolean unchanged() {
        for (Map.Entry<Path, Stamp> e : stamps.entrySet()) if (!e.getValue().equals(stamp(e.getKey()))) return false;
        return true;
    }

    private static Stamp stamp(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Stamp(a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return new Stamp(-1, null);
        }
    }
}
