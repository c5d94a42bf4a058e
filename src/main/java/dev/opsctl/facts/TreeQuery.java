package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * The kind, mode and ownership of every entry below the directory {@code path} (not the directory itself,
 * not following symlinks): what {@code file: recurse=yes} compares. Empty when there is nothing below.
 */
public record TreeQuery(String path) implements FactQuery<List<TreeQuery.Entry>> {
    /** One entry below the directory. Names are not kept: the plan only counts entries that differ. */
    public record Entry(FileState.Kind kind, int mode, String owner, String group, int uid, int gid) {
        public Entry withMode(int m) {
            return new Entry(kind, m, owner, group, uid, gid);
        }
    }

    @Override
    public String key() {
        return "tree:" + path;
    }

    @Override
    public String script() {
        return "find " + Shell.path(path) + " -mindepth 1 -exec stat -c '%a %u %g %U %G %F' -- {} +";
    }

    @Override
    public List<Entry> parse(String output) {
        List<Entry> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            String[] f = line.split(" ", 6);
            // Only stat's own lines count: anything else (a message) is no entry.
            if (f.length < 6 || !f[0].matches("[0-7]+") || !f[1].matches("\\d+") || !f[2].matches("\\d+")) continue;
            FileState.Kind kind = switch (f[5]) {
                case "directory" -> FileState.Kind.DIRECTORY;
                case "symbolic link" -> FileState.Kind.LINK;
                case "regular file", "regular empty file" -> FileState.Kind.FILE;
                default -> FileState.Kind.OTHER;
            };
            out.add(new Entry(kind, Integer.parseInt(f[0], 8), f[3], f[4], Integer.parseInt(f[1]), Integer.parseInt(f[2])));
        }
        return List.copyOf(out);
    }
}
