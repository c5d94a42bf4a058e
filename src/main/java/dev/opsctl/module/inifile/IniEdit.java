package dev.opsctl.module.inifile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * community.general's {@code do_ini} (6.6), step for step: the file's lines between a fake first section and a fake
 * last one, the wanted section cut out and edited, everything put back. Kept this literal so that files come out
 * byte for byte as Ansible writes them, its leading blank line in a new file included.
 */
final class IniEdit {
    /** The edit's outcome: the new text, whether it differs, and ini_file's message. */
    record Result(String text, boolean changed, String msg) {}

    private static final String FAKE_SECTION = "ad01e11446efb704fcdbdb21f2c43757423d91c5";
    private static final Pattern BLANK_OR_COMMENT = Pattern.compile("^[ \\t]*([#;].*)?$", Pattern.UNIX_LINES);

    private IniEdit() {}

    private static Matcher matchOpt(String option, String line) {
        Matcher m = Pattern.compile("[#;]?( |\\t)*(" + Pattern.quote(option) + ")( |\\t)*(=|$)( |\\t)*(.*)", Pattern.UNIX_LINES).matcher(line);
        return m.lookingAt() ? m : null;
    }

    private static Matcher matchActiveOpt(String option, String line) {
        Matcher m = Pattern.compile("( |\\t)*(" + Pattern.quote(option) + ")( |\\t)*(=|$)( |\\t)*(.*)", Pattern.UNIX_LINES).matcher(line);
        return m.lookingAt() ? m : null;
    }

    /** The lines of {@code text}, each with its newline (Python's readlines). */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    static Result apply(String text, IniFileModule.IniArgs a) {
        String section = a.section();
        String option = a.option();
        List<String> values = new ArrayList<>();
        for (String v : a.values()) if (v != null && !values.contains(v)) values.add(v);
        boolean changed = false;
        List<String> ini = lines(text);
        if (ini.isEmpty()) ini.add("\n");
        String last = ini.get(ini.size() - 1);
        if (last.isEmpty() || last.charAt(last.length() - 1) != '\n') {
            ini.set(ini.size() - 1, last + "\n");
            changed = true;
        }
        ini.add(0, "[" + FAKE_SECTION + "]");
        ini.add("[");
        if (section == null || section.isEmpty()) section = FAKE_SECTION;
        boolean within = false;
        int start = 0;
        int end = 0;
        for (int i = 0; i < ini.size(); i++) {
            String line = ini.get(i);
            if (line.startsWith("[" + section + "]")) {
                within = true;
                start = i;
            } else if (line.startsWith("[") && within) {
                end = i;
                break;
            }
        }
        List<String> before = new ArrayList<>(ini.subList(0, start));
        List<String> lines = new ArrayList<>(ini.subList(start, Math.max(start, end)));
        List<String> after = new ArrayList<>(ini.subList(Math.max(start, end), ini.size()));
        List<Boolean> touched = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) touched.add(false);
        String msg = "OK";
        String format = a.noExtraSpaces() ? "%s=%s\n" : "%s = %s\n";
        boolean noValuePresent = false;
        boolean present = a.state().equals("present");

        if (present && option != null) {
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = matchOpt(option, lines.get(i));
                if (m == null) continue;
                if (!values.isEmpty() && values.contains(m.group(6))) {
                    String matched = m.group(6);
                    String newline;
                    if (matched.isEmpty() && a.allowNoValue()) {
                        newline = option + "\n";
                        noValuePresent = true;
                    } else {
                        newline = String.format(format, option, matched);
                    }
                    if (!lines.get(i).equals(newline)) {
                        changed = true;
                        msg = "option changed";
                    }
                    lines.set(i, newline);
                    touched.set(i, true);
                    values.remove(matched);
                } else if (values.isEmpty() && a.allowNoValue()) {
                    String newline = option + "\n";
                    if (!lines.get(i).equals(newline)) {
                        changed = true;
                        msg = "option changed";
                    }
                    lines.set(i, newline);
                    touched.set(i, true);
                    noValuePresent = true;
                    break;
                }
            }
        }
        if (present && a.exclusive() && !a.allowNoValue()) {
            if (!values.isEmpty()) {
                for (int i = 0; i < lines.size(); i++) {
                    if (touched.get(i) || matchOpt(String.valueOf(option), lines.get(i)) == null) continue;
                    String newline = String.format(format, option, values.remove(0));
                    if (!lines.get(i).equals(newline)) {
                        changed = true;
                        msg = "option changed";
                    }
                    lines.set(i, newline);
                    touched.set(i, true);
                    if (values.isEmpty()) break;
                }
            }
            for (int i = lines.size() - 1; i > 0; i--) {
                if (!touched.get(i) && matchOpt(String.valueOf(option), lines.get(i)) != null) {
                    lines.remove(i);
                    touched.remove(i);
                    changed = true;
                    msg = "option changed";
                }
            }
        }
        if (present) {
            for (int i = lines.size(); i > 0; i--) {
                if (BLANK_OR_COMMENT.matcher(lines.get(i - 1)).find()) continue;
                if (option != null && !values.isEmpty()) {
                    for (int v = values.size() - 1; v >= 0; v--) {
                        lines.add(i, String.format(format, option, values.get(v)));
                        msg = "option added";
                        changed = true;
                    }
                } else if (option != null && values.isEmpty() && a.allowNoValue() && !noValuePresent) {
                    lines.add(i, option + "\n");
                    msg = "option added";
                    changed = true;
                }
                break;
            }
        }
        if (!present) {
            if (option != null) {
                List<String> kept = new ArrayList<>();
                for (String line : lines) {
                    Matcher m = matchActiveOpt(option, line);
                    boolean drop = a.exclusive() ? m != null : !values.isEmpty() && m != null && values.contains(m.group(6));
                    if (!drop) kept.add(line);
                }
                if ((a.exclusive() || !values.isEmpty()) && !kept.equals(lines)) {
                    changed = true;
                    msg = "option changed";
                    lines = kept;
                }
            } else if (!lines.isEmpty()) {
                lines = new ArrayList<>();
                msg = "section removed";
                changed = true;
            }
        }
        List<String> out = new ArrayList<>(before);
        out.addAll(lines);
        out.addAll(after);
        out.remove(0);
        out.remove(out.size() - 1);
        if (!within && present) {
            out.add("[" + section + "]\n");
            msg = "section and option added";
            if (option != null && !values.isEmpty()) {
                for (String v : values) out.add(String.format(format, option, v));
            } else if (option != null && a.allowNoValue()) {
                out.add(option + "\n");
            } else {
                msg = "only section added";
            }
            changed = true;
        }
        return new Result(String.join("", out), changed, msg);
    }
}
