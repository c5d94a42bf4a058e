package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * What is at {@code path} (not following a final symlink): kind, mode, owner, group, size, inode, link target,
 * and, with {@code withContent}, the content of a regular file up to {@link #CONTENT_LIMIT} bytes, else its SHA-1.
 */
public record FileQuery(String path, boolean withContent) implements FactQuery<FileState> {
    public static final long CONTENT_LIMIT = 1 << 20;

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

    @Override
    public String script() {
        return script(Shell.quote(path), withContent);
    }

    /** The snippet for the path the shell word {@code path} names: also for a path known only on the host ("$home/.ssh"). */
    public static String script(String path, boolean withContent) {
        StringBuilder s = new StringBuilder();
        s.append("p=").append(path).append("; ");
        s.append("if [ -L \"$p\" ]; then echo link; elif [ -d \"$p\" ]; then echo directory; ")
         .append("elif [ -f \"$p\" ]; then echo file; elif [ -e \"$p\" ]; then echo other; else echo absent; fi; ");
        s.append("s=; if [ -e \"$p\" ] || [ -L \"$p\" ]; then s=$(stat -c '%a %U %G %s %d %i %u %g' -- \"$p\"); echo \"$s\"; fi; ");
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
        String[] st = lines[1].trim().split(" ");
        int mode = Integer.parseInt(st[0], 8);
        long size = Long.parseLong(st[3]);
        long device = Long.parseLong(st[4]);
        long inode = Long.parseLong(st[5]);
        int next = 2;
        String target = null;
        if (kind == FileState.Kind.LINK) target = lines[next++];
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
        int uid = st.length > 7 ? Integer.parseInt(st[6]) : -1;
        int gid = st.length > 7 ? Integer.parseInt(st[7]) : -1;
        return new FileState.Present(kind, mode, st[1], st[2], size, device, inode, target, content, sha1, uid, gid);
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
