package dev.opsctl.module.files;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a file's content changes, for people: a detail line and, when both sides are text, a unified diff. */
public final class ContentDiff {
    private ContentDiff() {}

    /** Whether {@code before} (a gathered file, possibly with only its SHA-1) already holds {@code after}. */
    public static boolean same(FileState.Present before, byte[] after) {
        if (before.kind() != FileState.Kind.FILE) return false;
        if (before.content() != null) return Arrays.equals(before.content(), after);
        return before.sha1() != null && before.sha1().equals(FileQuery.sha1(after));
    }

    /** "content 12 -> 14 bytes", or "content (sha1 abc1234 -> def5678)" when the size stays. */
    public static String detail(FileState.Present before, byte[] after) {
        if (before == null) return "content " + after.length + " bytes";
        if (before.size() != after.length) return "content " + before.size() + " -> " + after.length + " bytes";
        return "content (sha1 " + shortSha(before.sha1()) + " -> " + shortSha(FileQuery.sha1(after)) + ")";
    }

    /** A unified diff with headers {@code --- before: PATH} / {@code +++ after: PATH}, or null when either side is not text. */
    public static String unified(String path, byte[] before, byte[] after) {
        String a = text(before);
        String b = text(after);
        if (a == null || b == null) return null;
        List<String> from = lines(a);
        List<String> to = lines(b);
        List<String> out = UnifiedDiffUtils.generateUnifiedDiff("before: " + path, "after: " + path, from,
                DiffUtils.diff(from, to), 3);
        return out.isEmpty() ? null : String.join("\n", out.stream().map(ContentDiff::gnuHunkHeader).toList()) + "\n";
    }

    private static final Pattern HUNK = Pattern.compile("@@ -(\\d+),(\\d+) \\+(\\d+),(\\d+) @@");

    /** An empty range names the line before it, as GNU diff writes it: a new file's hunk is {@code @@ -0,0 +1,5 @@}. */
    private static String gnuHunkHeader(String line) {
        Matcher m = HUNK.matcher(line);
        if (!m.matches()) return line;
        return "@@ -" + start(m.group(1), m.group(2)) + "," + m.group(2) + " +" + start(m.group(3), m.group(4)) + "," + m.group(4) + " @@";
    }

    private static int start(String start, String count) {
        int s = Integer.parseInt(start);
        return count.equals("0") ? Math.max(0, s - 1) : s;
    }

    private static List<String> lines(String s) {
        if (s.isEmpty()) return List.of();
        List<String> l = new java.util.ArrayList<>(Arrays.asList(s.split("\n", -1)));
        // A final newline ends the last line rather than starting an empty one; its absence is shown like diff(1) does.
        if (l.get(l.size() - 1).isEmpty()) l.remove(l.size() - 1);
        else l.set(l.size() - 1, l.get(l.size() - 1) + "\n\\ No newline at end of file");
        return l;
    }

    /** The bytes as UTF-8 text, or null when they are not (invalid UTF-8 or a NUL byte, which marks binary data). */
    static String text(byte[] bytes) {
        if (bytes == null) return null;
        for (byte x : bytes) if (x == 0) return null;
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String shortSha(String sha1) {
        return sha1 == null ? "?" : sha1.substring(0, Math.min(7, sha1.length()));
    }
}
