package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FileState;
import java.util.LinkedHashMap;
import java.util.Map;

/** What is at an archive member's path under dest, from {@code stat -c FORMAT}. */
record EntryStat(FileState.Kind kind, int mode, int uid, int gid, String owner, String group, long mtime, long size) {
    /** The stat format {@link #parse} reads: the name comes last, so it may hold '|'. */
    static final String FORMAT = "%F|%a|%u|%g|%U|%G|%Y|%s|%n";

    /** Lines in {@link #FORMAT}, by name. */
    static Map<String, EntryStat> parse(Iterable<String> lines) {
        Map<String, EntryStat> out = new LinkedHashMap<>();
        for (String line : lines) {
            String[] f = line.split("\\|", 9);
            if (f.length < 9) continue;
            FileState.Kind kind = switch (f[0]) {
                case "directory" -> FileState.Kind.DIRECTORY;
                case "symbolic link" -> FileState.Kind.LINK;
                case "regular file", "regular empty file" -> FileState.Kind.FILE;
                default -> FileState.Kind.OTHER;
            };
            out.put(ArchiveReader.trim(f[8]), new EntryStat(kind, Integer.parseInt(f[1], 8), Integer.parseInt(f[2]), Integer.parseInt(f[3]),
                    f[4], f[5], Long.parseLong(f[6]), Long.parseLong(f[7])));
        }
        return out;
    }
}
