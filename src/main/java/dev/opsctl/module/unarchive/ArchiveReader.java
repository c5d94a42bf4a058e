package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FileState;
import dev.opsctl.module.ArgException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Lists a controller-side archive in Java: tar (ustar, GNU long names, pax paths), gzip-compressed tar, and zip.
 * The JDK reads neither bzip2 nor xz, so those must be extracted from the host ({@code remote_src}).
 */
final class ArchiveReader {
    private ArchiveReader() {}

    static List<ArchiveEntry> list(String src, byte[] data, ArchiveFormat format) {
        try {
            return switch (format) {
                case TAR -> tar(data);
                case TAR_GZ -> tar(new GZIPInputStream(new ByteArrayInputStream(data)).readAllBytes());
                case ZIP -> zip(data);
                case TAR_BZ2, TAR_XZ -> throw new ArgException("src '" + src + "': a " + (format == ArchiveFormat.TAR_BZ2 ? "bzip2" : "xz")
                        + "-compressed archive can only be extracted with remote_src: yes (copy it to the host first)");
            };
        } catch (IOException e) {
            throw new ArgException("src '" + src + "' is not a readable archive: " + e.getMessage());
        }
    }

    private static List<ArchiveEntry> tar(byte[] data) throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        String longName = null;
        String paxPath = null;
        int off = 0;
        while (off + 512 <= data.length) {
            if (allZero(data, off)) break;
            long size = number(data, off + 124, 12);
            int bodyStart = off + 512;
            if (bodyStart + size > data.length) throw new IOException("truncated tar archive");
            byte type = data[off + 156];
            int next = bodyStart + (int) ((size + 511) / 512 * 512);
            if (type == 'L') {
                longName = text(data, bodyStart, (int) size);
            } else if (type == 'x') {
                paxPath = paxValue(new String(data, bodyStart, (int) size, StandardCharsets.UTF_8), "path");
            } else if (type != 'g') {
                String name = text(data, off, 100);
                if (text(data, off + 257, 5).equals("ustar")) {
                    String prefix = text(data, off + 345, 155);
                    if (!prefix.isEmpty()) name = prefix + "/" + name;
                }
                if (longName != null) name = longName;
                if (paxPath != null) name = paxPath;
                longName = null;
                paxPath = null;
                FileState.Kind kind = switch (type) {
                    case '0', 0, '1', '7' -> FileState.Kind.FILE;
                    case '5' -> FileState.Kind.DIRECTORY;
                    case '2' -> FileState.Kind.LINK;
                    default -> FileState.Kind.OTHER;
                };
                byte[] content = kind == FileState.Kind.FILE && type != '1' ? java.util.Arrays.copyOfRange(data, bodyStart, bodyStart + (int) size) : null;
                out.add(new ArchiveEntry(trim(name), kind, (int) number(data, off + 100, 8) & 07777, (int) number(data, off + 108, 8),
                        (int) number(data, off + 116, 8), number(data, off + 136, 12), size, content));
            }
            off = next;
        }
        return out;
    }

    private static List<ArchiveEntry> zip(byte[] data) throws IOException {
        List<ArchiveEntry> out = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(data))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = e.isDirectory() ? null : in.readAllBytes();
                out.add(new ArchiveEntry(trim(e.getName()), e.isDirectory() ? FileState.Kind.DIRECTORY : FileState.Kind.FILE,
                        -1, -1, -1, -1, content == null ? 0 : content.length, content));
            }
        }
        return out;
    }

    /** A path as it lands under dest: no leading "./" or '/', no trailing '/'. */
    static String trim(String name) {
        String n = name;
        while (n.startsWith("./")) n = n.substring(2);
        n = n.replaceFirst("^/+", "");
        return n.replaceFirst("/+$", "");
    }

    private static boolean allZero(byte[] d, int off) {
        for (int i = off; i < off + 512; i++) if (d[i] != 0) return false;
        return true;
    }

    private static String text(byte[] d, int off, int len) {
        int end = off;
        while (end < off + len && end < d.length && d[end] != 0) end++;
        return new String(d, off, end - off, StandardCharsets.UTF_8);
    }

    /** A tar numeric field: octal digits, or GNU's base-256 when the high bit is set. */
    private static long number(byte[] d, int off, int len) {
        if ((d[off] & 0x80) != 0) {
            long v = d[off] & 0x7f;
            for (int i = 1; i < len; i++) v = (v << 8) | (d[off + i] & 0xff);
            return v;
        }
        String s = text(d, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }

    /** The value of {@code key} in pax extended-header records ("LEN key=value\n"), or null. */
    private static String paxValue(String records, String key) {
        for (String rec : records.split("\n")) {
            int sp = rec.indexOf(' ');
            int eq = rec.indexOf('=');
            if (sp > 0 && eq > sp && rec.substring(sp + 1, eq).equals(key)) return rec.substring(eq + 1);
        }
        return null;
    }
}
