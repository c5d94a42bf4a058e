package dev.opsctl.module.files;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import dev.opsctl.secret.Secrets;
import dev.opsctl.transport.Payload;
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

    /** {@link #same(FileState.Present, byte[])} for content that may be a file on the controller: by digest then. */
    public static boolean same(FileState.Present before, Payload after) {
        if (after.inMemory()) return same(before, after.bytes());
        if (before.kind() != FileState.Kind.FILE || before.size() != after.size()) return false;
        String sha1 = before.sha1() != null ? before.sha1() : before.content() != null ? FileQuery.sha1(before.content()) : null;
        return after.sha1().equals(sha1);
    }

    /** {@link #detail(FileState.Present, byte[])} for content that may be a file on the controller (never vaulted). */
    public static String detail(FileState.Present before, Payload after) {
        if (after.inMemory()) return detail(before, after.bytes());
        if (before != null && Secrets.isSensitive(before.content())) {
            return "content " + before.size() + " -> " + after.size() + " bytes (sensitive)";
        }
        if (before == null) return "content " + after.size() + " bytes";
        if (before.size() != after.size()) return "content " + before.size() + " -> " + after.size() + " bytes";
        return "content (sha1 " + shortSha(before.sha1()) + " -> " + shortSha(after.sha1()) + ")";
    }

    /**
     * {@link #unified(String, byte[], byte[])} for content that may be a file on the controller: a file up to
     * {@link #DIFF_READ_LIMIT} is read for it (only a diff asked for reads it whole); a larger one is named, not shown.
     */
    public static String unified(String path, byte[] before, Payload after) {
        if (after.inMemory() || after.size() <= DIFF_READ_LIMIT) return unified(path, before, after.bytes());
        return "--- before: " + path + "\n+++ after: " + path + "\n(diff not shown: the new content is " + after.size()
                + " bytes, more than the " + (DIFF_READ_LIMIT >> 20) + " MiB a diff reads)\n";
    }

    /** The largest content on the controller read to show a diff of it. */
    static final long DIFF_READ_LIMIT = 16L << 20;

    /** "content 12 -> 14 bytes", or "content (sha1 abc1234 -> def5678)" when the size stays. */
    public static String detail(FileState.Present before, byte[] after) {
        // A digest of secret content would let anyone test guesses of it: sizes only.
        if (Secrets.isSensitive(after) || before != null && Secrets.isSensitive(before.content())) {
            return before == null || before.size() == after.length ? "content " + after.length + " bytes (sensitive)"
                    : "content " + before.size() + " -> " + after.length + " bytes (sensitive)";
        }
        if (before == null) return "content " + after.length + " bytes";
        if (before.size() != after.length) return "content " + before.size() + " -> " + after.length + " bytes";
        return "content (sha1 " + shortSha(before.sha1()) + " -> " + shortSha(FileQuery.sha1(after)) + ")";
    }

    /** A unified diff with headers {@code --- before: PATH} / {@code +++ after: PATH}, or null when either side is not text. */
    public static String unified(String path, byte[] before, byte[] after) {
        // Ansible's --diff showed no_log and vaulted content for years (#29688); ours shows its size and a keyed digest.
        if (Secrets.isSensitive(after) || Secrets.isSensitive(before)) return Secrets.describe(after) + "\n";
        String a = text(before);
        String b = text(after);
        if (a == null || b == null) return null;
        List<String> from = lines(a);
        List<String> to = lines(b);
        String head = "--- before: " + path + "\n+++ after: " + path + "\n";
        // A new or emptied file is all one hunk: no diff algorithm, and the header GNU diff prints (-0,0 / +0,0).
        if (from.isEmpty() || to.isEmpty()) return from.equals(to) ? null : head + wholeHunk(from, to);
        int common = commonPrefix(from, to);
        int tail = commonSuffix(from, to, common);
        // Myers' diff costs (N+M)·D: a large changed middle gets a summary line rather than minutes of planning.
        if ((long) (from.size() - common - tail) + (to.size() - common - tail) > DIFF_LINE_LIMIT) {
            return head + "@@ -" + range(common + 1, from.size() - common - tail) + " +" + range(common + 1, to.size() - common - tail)
                    + " @@\n(diff not shown: " + (from.size() - common - tail) + " lines replaced by " + (to.size() - common - tail)
                    + " lines; more than " + DIFF_LINE_LIMIT + " changed lines)\n";
        }
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

    /** Changed lines (both sides together) above which no line-by-line diff is computed. */
    static final int DIFF_LINE_LIMIT = 20_000;

    private static String wholeHunk(List<String> from, List<String> to) {
        StringBuilder sb = new StringBuilder("@@ -").append(range(from.isEmpty() ? 0 : 1, from.size()))
                .append(" +").append(range(to.isEmpty() ? 0 : 1, to.size())).append(" @@\n");
        for (String l : from) sb.append('-').append(l).append('\n');
        for (String l : to) sb.append('+').append(l).append('\n');
        return sb.toString();
    }

    /** A hunk range as diff -u prints it: "start,count", "start" alone for one line, and start-1 for none. */
    private static String range(int start, int count) {
        if (count == 1) return String.valueOf(start);
        return (count == 0 ? Math.max(0, start - 1) : start) + "," + count;
    }

    private static int commonPrefix(List<String> a, List<String> b) {
        int n = 0;
        while (n < a.size() && n < b.size() && a.get(n).equals(b.get(n))) n++;
        return n;
    }

    private static int commonSuffix(List<String> a, List<String> b, int prefix) {
        int n = 0;
        while (n < a.size() - prefix && n < b.size() - prefix && a.get(a.size() - 1 - n).equals(b.get(b.size() - 1 - n))) n++;
        return n;
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
