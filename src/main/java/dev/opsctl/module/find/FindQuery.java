package dev.opsctl.module.find;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Every entry under some directories, as {@code find -printf} lists them (lstat, never following links), with the
 * content of regular files when a search needs it. Fields are NUL-terminated, so any file name survives.
 *
 * @param paths        the directories, as the task names them
 * @param maxDepth     how deep to list (1: the directories' own entries), or 0 for no limit
 * @param withContent  also list the content of regular files up to {@link #CONTENT_LIMIT} bytes (for {@code contains})
 * @param withChecksum also list the SHA-1 of regular files (for {@code get_checksum})
 */
public record FindQuery(List<String> paths, int maxDepth, boolean withContent, boolean withChecksum) implements FactQuery<FindQuery.Listing> {
    public static final long CONTENT_LIMIT = 1 << 20;
    private static final String FORMAT = "%y %Y %m %U %G %s %i %D %n %A@ %T@ %C@\\0%u\\0%g\\0%P\\0";

    /** One entry: {@code type} and {@code targetType} are find's letters (f, d, l, ...); {@code content} null when not read. */
    public record Entry(String relative, char type, char targetType, int mode, int uid, int gid, long size, long inode,
                        long dev, long nlink, double atime, double mtime, double ctime, String owner, String group,
                        byte[] content, String checksum) {}

    /** One directory asked for: whether it is one, and its entries in find's order. */
    public record Root(String path, boolean directory, List<Entry> entries) {}

    /** The host's clock when listed (for {@code age}) and each root. */
    public record Listing(double now, List<Root> roots) {}

    @Override
    public String key() {
        return "find:" + maxDepth + ":" + withContent + ":" + withChecksum + ":" + String.join("\0", paths);
    }

    /** Earlier tasks may change what is listed without predicting it: asked when the task runs. */
    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        StringBuilder s = new StringBuilder("date +%s.%N; ");
        for (String p : paths) {
            // find has no "--": a directory named like an option is given as ./NAME.
            String start = p.startsWith("-") ? "./" + p : p;
            s.append("p=").append(Shell.quote(start)).append("; if [ -d \"$p\" ]; then printf 'dir\\0'; find \"$p\" -mindepth 1");
            if (maxDepth > 0) s.append(" -maxdepth ").append(maxDepth);
            s.append(" -printf ").append(Shell.quote(FORMAT));
            if (withContent) {
                s.append(" \\( -type f -size -").append(CONTENT_LIMIT / 1024 + 1).append("k -exec sh -c ")
                 .append(Shell.quote("base64 -w0 < \"$1\"")).append(" sh {} \\; -o -true \\) -printf '\\0'");
            }
            if (withChecksum) {
                s.append(" \\( -type f -exec sh -c ").append(Shell.quote("sha1sum < \"$1\"")).append(" sh {} \\; -o -true \\) -printf '\\0'");
            }
            s.append("; printf 'end\\0'; else printf 'notdir\\0'; fi; ");
        }
        // The next section's marker must start a line.
        return s.append("echo").toString();
    }

    @Override
    public Listing parse(String output) {
        int nl = output.indexOf('\n');
        double now = Double.parseDouble(output.substring(0, nl).strip());
        String[] f = output.substring(nl + 1).split("\0", -1);
        List<Root> roots = new ArrayList<>();
        int i = 0;
        for (String path : paths) {
            if (!f[i++].equals("dir")) {
                roots.add(new Root(path, false, List.of()));
                continue;
            }
            List<Entry> entries = new ArrayList<>();
            while (!f[i].equals("end")) {
                String[] st = f[i].split(" ");
                String owner = f[i + 1];
                String group = f[i + 2];
                String rel = f[i + 3];
                i += 4;
                byte[] content = null;
                String checksum = null;
                char type = st[0].charAt(0);
                if (withContent) {
                    String b64 = f[i++].strip();
                    if (type == 'f' && Long.parseLong(st[5]) <= CONTENT_LIMIT) content = Base64.getDecoder().decode(b64);
                }
                if (withChecksum) {
                    String sum = f[i++].strip();
                    if (!sum.isEmpty()) checksum = sum.split("\\s+")[0];
                }
                entries.add(new Entry(rel, type, st[1].charAt(0), Integer.parseInt(st[2], 8), Integer.parseInt(st[3]),
                        Integer.parseInt(st[4]), Long.parseLong(st[5]), Long.parseLong(st[6]), Long.parseLong(st[7]),
                        Long.parseLong(st[8]), Double.parseDouble(st[9]), Double.parseDouble(st[10]), Double.parseDouble(st[11]),
                        owner.equals(st[3]) ? "" : owner, group.equals(st[4]) ? "" : group, content, checksum));
            }
            i++;
            roots.add(new Root(path, true, entries));
        }
        return new Listing(now, roots);
    }
}
