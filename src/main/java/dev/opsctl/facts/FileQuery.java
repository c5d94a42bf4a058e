package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * What is at {@code path} (not following a final symlink): kind, mode, owner, group, size, inode, link target,
 * and, with {@code withContent}, the content of a regular file up to {@link #CONTENT_LIMIT} bytes, else its SHA-1.
 */
public record FileQuery(String path, boolean withContent) implements FactQuery<FileState> {
    public static final long CONTENT_LIMIT = 1 << 20;
    private static final String STAT = "stat -c '%a %U %G %s %d %i %u %g'";
    /** The same fields and the path last, so a line of a stat over many paths says which path it is for. */
    private static final String STAT_NAMED = "stat -c '%a %U %G %s %d %i %u %g %n'";
    /** The kind, from the shell's own tests. */
    private static final String KIND = "if [ -L \"$p\" ]; then echo link; elif [ -d \"$p\" ]; then echo directory; "
            + "elif [ -f \"$p\" ]; then echo file; elif [ -e \"$p\" ]; then echo other; else echo absent; fi; ";
    /** In a section: the file's content comes from the batch's shared read. */
    private static final String CONTENT_LATER = "content-later";

    @Override
    public String key() {
        return "file:" + path;
    }

    @Override
    public boolean covers(FactQuery<?> other) {
        return withContent || !(other instanceof FileQuery f && f.withContent);
    }

    /** Only sets its scratch variables {@code p} and {@code s}: no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    /**
     * The snippet for this query within a batch: its stat line comes from the batch's one {@code stat} over every file
     * query ({@link #sharedStat}) and its content from the batch's one read of all contents ({@link #sharedRead});
     * alone, it still answers by itself. A path with a newline cannot be matched to its stat line: it stats alone.
     */
    @Override
    public String script() {
        if (!sharesStat()) return script(Shell.quote(path), withContent);
        String p = Shell.quote(path);
        StringBuilder s = new StringBuilder();
        s.append("p=").append(p).append("; ").append(KIND);
        // The batch's stat printed one line per existing path, in order, ending in " PATH": the first line left is
        // ours only if it names our path. When it does not (a file came or went since), this query stats by itself.
        s.append("s=; if [ -e \"$p\" ] || [ -L \"$p\" ]; then opsctl_l=${opsctl_st%%\"$opsctl_nl\"*}; ")
         .append("case $opsctl_l in *\" $p\") s=${opsctl_l%\" $p\"}; opsctl_st=${opsctl_st#\"$opsctl_l\"}; ")
         .append("opsctl_st=${opsctl_st#\"$opsctl_nl\"};; *) s=$(").append(STAT).append(" -- \"$p\");; esac; echo \"$s\"; fi; ");
        s.append("if [ -L \"$p\" ]; then readlink -- \"$p\"; fi");
        if (withContent) {
            // The content is read after every query, with all others, by one process: this section only says so.
            s.append("; if [ -f \"$p\" ] && [ ! -L \"$p\" ]; then ")
             .append("set -- $s; if [ \"$4\" -le ").append(CONTENT_LIMIT).append(" ]; then echo ").append(CONTENT_LATER)
             .append("; opsctl_read=\"$opsctl_read \"").append(Shell.quote(p)).append("; ")
             .append("else echo sha1; s=$(sha1sum < \"$p\"); echo \"${s%% *}\"; fi; fi");
        }
        return s.toString();
    }

    /** Whether this query takes its line from the batch's shared stat (see {@link #script()}). */
    boolean sharesStat() {
        return path.indexOf('\n') < 0;
    }

    /**
     * Runs before the batch's queries: ONE {@code stat} over the paths of all {@code queries} that share it, its lines
     * kept in a variable for them. A path that does not exist prints nothing (and an error, dropped).
     */
    static String sharedStat(List<FileQuery> queries) {
        List<String> words = new ArrayList<>();
        for (FileQuery q : queries) if (q.sharesStat()) words.add(Shell.quote(q.path));
        String nl = "opsctl_nl='\n'; opsctl_read=; opsctl_st=";
        if (words.isEmpty()) return nl;
        return nl + "$(" + STAT_NAMED + " -- " + String.join(" ", words) + " 2>/dev/null)";
    }

    /**
     * Runs after the batch's queries: the content of every file a query deferred ({@link #CONTENT_LATER}), in the
     * order they asked, which {@link FactBatch} cuts back into files by their sizes. {@code raw}: the files' bytes as
     * they are, one {@code cat} (the last output of the script); else one base64 stream, for output read as text.
     */
    static String sharedRead(boolean raw) {
        // The words were quoted by Shell.quote when the queries added them: eval only turns them back into paths.
        String set = "eval \"set -- $opsctl_read\"; ";
        if (raw) return set + "if [ $# -gt 0 ]; then cat -- \"$@\"; fi";
        return set + "if [ $# -eq 1 ]; then base64 < \"$1\"; elif [ $# -gt 1 ]; then cat -- \"$@\" | base64; fi";
    }

    /** Whether {@code state}, parsed from this query's section, waits for its content from the shared read. */
    boolean waitsForContent(FileState state) {
        return withContent && state instanceof FileState.Present p && p.kind() == FileState.Kind.FILE
                && p.content() == null && p.sha1() == null;
    }

    /** {@code state} with the content the shared read gave for it. */
    static FileState.Present withContent(FileState.Present p, byte[] content) {
        return new FileState.Present(p.kind(), p.mode(), p.owner(), p.group(), content.length, p.device(), p.inode(),
                p.linkTarget(), content, sha1(content), p.uid(), p.gid());
    }

    /** The snippet for the path the shell word {@code path} names: also for a path known only on the host ("$home/.ssh"). */
    public static String script(String path, boolean withContent) {
        StringBuilder s = new StringBuilder();
        s.append("p=").append(path).append("; ").append(KIND);
        s.append("s=; if [ -e \"$p\" ] || [ -L \"$p\" ]; then s=$(").append(STAT).append(" -- \"$p\"); echo \"$s\"; fi; ");
        s.append("if [ -L \"$p\" ]; then readlink -- \"$p\"; fi");
        if (withContent) {
            // sha1sum prints "HASH  -": the shell cuts the hash off, one process fewer than a pipe into cut.
            s.append("; if [ -f \"$p\" ] && [ ! -L \"$p\" ]; then ")
             .append("set -- $s; if [ \"$4\" -le ").append(CONTENT_LIMIT).append(" ]; then echo content; base64 < \"$p\"; ")
             .append("else echo sha1; s=$(sha1sum < \"$p\"); echo \"${s%% *}\"; fi; fi");
        }
        return s.toString();
    }

    @Override
    public FileState parse(String output) {
        String[] lines = output.split("\n", -1);
        String kindWord = lines[0].trim();
        if (kindWord.equals("absent") || kindWord.isEmpty()) return FileState.ABSENT;
        FileState.Kind kind = switch (kindWord) {
            case "link" -> FileState.Kind.LINK;
            case "directory" -> FileState.Kind.DIRECTORY;
            case "file" -> FileState.Kind.FILE;
            default -> FileState.Kind.OTHER;
        };
        // The stat line may be missing or short (no stat on the host's PATH, a file gone between the test and the stat):
        // what it does not say is unknown (-1, ""), never a parse error that would end the whole host's gathering.
        String[] st = lines.length > 1 ? lines[1].trim().split(" ") : new String[0];
        int mode = (int) number(st, 0, 8);
        long size = number(st, 3, 10);
        long device = number(st, 4, 10);
        long inode = number(st, 5, 10);
        int next = 2;
        String target = null;
        if (kind == FileState.Kind.LINK) {
            // A link has no content section: the rest is its target, newlines and all.
            target = next < lines.length ? String.join("\n", java.util.Arrays.copyOfRange(lines, next, lines.length)) : "";
            next = lines.length;
        }
        byte[] content = null;
        String sha1 = null;
        if (next < lines.length && lines[next].equals("content")) {
            StringBuilder b64 = new StringBuilder();
            for (int i = next + 1; i < lines.length; i++) b64.append(lines[i].trim());
            content = Base64.getDecoder().decode(b64.toString());
            sha1 = sha1(content);
        } else if (next < lines.length && lines[next].equals("sha1")) {
            sha1 = lines[next + 1].trim();
        }
        int uid = (int) number(st, 6, 10);
        int gid = (int) number(st, 7, 10);
        return new FileState.Present(kind, mode, st.length > 2 ? st[1] : "", st.length > 2 ? st[2] : "", size, device, inode,
                target, content, sha1, uid, gid);
    }

    /** Field {@code i} of a stat line as a number in {@code radix}; -1 when the line has no such number. */
    static long number(String[] fields, int i, int radix) {
        if (i >= fields.length) return -1;
        try {
            return Long.parseLong(fields[i], radix);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Hex SHA-1 of {@code bytes}, as {@code sha1sum} prints it. */
    public static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
