package dev.opsctl.module.lineinfile;

import dev.opsctl.module.RegexArg;
import dev.opsctl.python.PyRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Ansible's lineinfile algorithm (ansible/modules/lineinfile.py, {@code present} and {@code absent}), step for
 * step, on Latin-1 text so that it works on bytes as Ansible does. Its quirks are kept on purpose, so a file
 * managed by either tool stays unchanged under the other: e.g. inserting after a last line that has no newline
 * joins the two lines, as Ansible does.
 */
final class LineEdit {
    private LineEdit() {}

    /** The edited lines (each with its own line ending) and what happened ("line added", "2 line(s) removed", or ""). */
    record Result(List<String> lines, String message) {
        boolean changed() {
            return !message.isEmpty();
        }
    }

    /** Python's {@code readlines()} on bytes: split after each '\n', the last line may lack one. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) out.add(text.substring(start));
        return out;
    }

    static Result present(List<String> original, LineInFileModule.LineArgs a) {
        List<String> lines = new ArrayList<>(original);
        String line = a.line();
        PyRegex re = a.regexp() == null ? null : RegexArg.bytes("regexp", a.regexp());
        String insertAfter = a.insertAfter();
        String insertBefore = a.insertBefore();
        if (insertAfter == null && insertBefore == null) insertAfter = "EOF";
        PyRegex ins = null;
        if (insertAfter != null && !insertAfter.equals("BOF") && !insertAfter.equals("EOF")) ins = RegexArg.bytes("insertafter", insertAfter);
        else if (insertBefore != null && !insertBefore.equals("BOF")) ins = RegexArg.bytes("insertbefore", insertBefore);

        int found = -1;     // index[0]: the line the regexp, search_string or exact line matched
        int insertAt = -1;  // index[1]: where insertafter/insertbefore put the line
        Matcher match = null;
        boolean matched = false;
        if (re != null) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = re.search(lines.get(i));
                if (m != null) {
                    found = i;
                    match = m;
                    matched = true;
                    if (a.firstMatch()) break;
                }
            }
        }
        if (a.searchString() != null) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(a.searchString())) {
                    found = i;
                    matched = true;
                    if (a.firstMatch()) break;
                }
            }
        }
        if (!matched) {
            for (int i = 0; i < lines.size(); i++) {
                if (line.equals(stripEol(lines.get(i)))) {
                    found = i;
                } else if (ins != null && ins.search(lines.get(i)) != null) {
                    insertAt = insertAfter != null ? i + 1 : i;
                    if (a.firstMatch()) break;
                }
            }
        }

        String added = line + "\n";
        if (found != -1) {
            String newLine = a.backrefs() && match != null ? RegexArg.expand("line", re, match, line) : line;
            if (!newLine.endsWith("\n")) newLine += "\n";
            if (lines.get(found).equals(newLine)) return new Result(lines, "");
            lines.set(found, newLine);
            return new Result(lines, "line replaced");
        }
        if (a.backrefs()) {
            // Ansible does nothing: without a match there is nothing to fill the backreferences with.
            return new Result(lines, "");
        }
        if ("BOF".equals(insertBefore) || "BOF".equals(insertAfter)) {
            lines.add(0, added);
        } else if ("EOF".equals(insertAfter) || insertAt == -1) {
            if (!lines.isEmpty() && !endsWithEol(lines.get(lines.size() - 1))) lines.add("\n");
            lines.add(added);
        } else if (insertAfter != null) {
            // Don't insert the line if it is already there (Ansible compares with the line at the insert position).
            if (lines.size() == insertAt) {
                if (stripEol(lines.get(insertAt - 1)).equals(line)) return new Result(lines, "");
                lines.add(added);
            } else {
                if (stripEol(lines.get(insertAt)).equals(line)) return new Result(lines, "");
                lines.add(insertAt, added);
            }
        } else {
            lines.add(insertAt, added);
        }
        return new Result(lines, "line added");
    }

    static Result absent(List<String> original, LineInFileModule.LineArgs a) {
        PyRegex re = a.regexp() == null ? null : RegexArg.bytes("regexp", a.regexp());
        List<String> kept = new ArrayList<>();
        int found = 0;
        for (String l : original) {
            boolean hit;
            if (re != null) hit = re.search(l) != null;
            else if (a.searchString() != null) hit = l.contains(a.searchString());
            else hit = a.line().equals(stripEol(l));
            if (hit) found++;
            else kept.add(l);
        }
        return new Result(kept, found == 0 ? "" : found + " line(s) removed");
    }

    /** Python's {@code rstrip(b'\r\n')}: every trailing CR and LF. */
    private static String stripEol(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) end--;
        return s.substring(0, end);
    }

    private static boolean endsWithEol(String s) {
        return s.endsWith("\n") || s.endsWith("\r");
    }
}
