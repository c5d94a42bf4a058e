package dev.opsctl.module.pamd;

import dev.opsctl.module.PlanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PAM service file as community.general's pamd module reads and writes it: comments, {@code @include} and blank
 * lines kept as written; every rule written again as {@code TYPE(padded to 11) CONTROL PATH ARGS}, and a
 * {@code # Updated by Ansible - TIME} line as the second line. Pure: text in, text out.
 */
final class PamService {
    private static final Pattern RULE = Pattern.compile(
            "(?<type>-?(?:auth|account|session|password))\\s+(?<control>\\[.*\\]|\\S*)\\s+(?<path>\\S*)\\s*(?<args>.*)\\s*");
    private static final Pattern ARG = Pattern.compile("(\\[.*\\]|\\S*)");
    static final List<String> TYPES = List.of("account", "-account", "auth", "-auth", "password", "-password", "session", "-session");
    private static final Set<String> SIMPLE_CONTROLS = Set.of("required", "requisite", "sufficient", "optional", "include",
            "substack", "definitive");
    private static final Set<String> CONTROL_VALUES = Set.of("success", "open_err", "symbol_err", "service_err", "system_err",
            "buf_err", "perm_denied", "auth_err", "cred_insufficient", "authinfo_unavail", "user_unknown", "maxtries",
            "new_authtok_reqd", "acct_expired", "session_err", "cred_unavail", "cred_expired", "cred_err", "no_module_data",
            "conv_err", "authtok_err", "authtok_recover_err", "authtok_lock_busy", "authtok_disable_aging", "try_again", "ignore",
            "abort", "authtok_expired", "module_unknown", "bad_item", "conv_again", "incomplete", "default");
    private static final Set<String> CONTROL_ACTIONS = Set.of("ignore", "bad", "die", "ok", "done", "reset");

    /** One line: {@code text} as written for a non-rule, else a rule's parts (control normalised as pamd does). */
    static final class Line {
        final String text;
        String type;
        String control;
        String path;
        List<String> args;

        private Line(String text) {
            this.text = text;
        }

        boolean isRule() {
            return text == null;
        }

        boolean matches(String t, String c, String p) {
            return isRule() && type.equals(t) && control.equals(c) && path.equals(p);
        }

        @Override
        public String toString() {
            if (!isRule()) return text;
            String head = String.format("%-11s%s %s", type, control, path);
            return args.isEmpty() ? head : head + " " + String.join(" ", args);
        }
    }

    final List<Line> lines = new ArrayList<>();

    PamService(String content) {
        for (String raw : content.split("\r\n|\n|\r", -1)) lines.add(parse(raw));
        // Python's splitlines(): no empty line after a final newline.
        if (!lines.isEmpty() && content.matches("(?s).*(\r\n|\n|\r)$|") ) lines.remove(lines.size() - 1);
    }

    private static Line parse(String raw) {
        String left = raw.stripLeading();
        if (left.startsWith("#") || left.startsWith("@include") || raw.strip().isEmpty()) return new Line(raw);
        Matcher m = RULE.matcher(raw);
        if (!m.find()) throw new PlanException("pamd cannot read the line '" + raw + "' (community.general.pamd fails on it too)");
        Line rule = new Line(null);
        rule.type = m.group("type");
        rule.control = control(m.group("control"));
        rule.path = m.group("path");
        rule.args = arguments(List.of(m.group("args")));
        return rule;
    }

    /** A control as pamd keeps it: {@code [a = b  c=d]} becomes {@code [a=b  c=d]} split on single spaces, as written back. */
    static String control(String written) {
        if (!written.startsWith("[")) return written;
        String inner = written.replace(" = ", "=").replace("[", "").replace("]", "");
        return "[" + String.join(" ", inner.split(" ", -1)) + "]";
    }

    /** pamd's parse_module_arguments: each string split into words, a {@code [...]} kept whole. */
    static List<String> arguments(List<String> written) {
        List<String> out = new ArrayList<>();
        if (written.size() == 1 && written.get(0).isEmpty()) return out;
        for (String s : written) {
            Matcher m = ARG.matcher(s);
            while (m.find()) if (!m.group(1).isEmpty()) out.add(m.group(1));
        }
        return out;
    }

    List<Line> rules(String type, String control, String path) {
        return lines.stream().filter(l -> l.matches(type, control, path)).toList();
    }

    /** Why the file is not valid as pamd judges it, or null. */
    String invalid() {
        for (Line l : lines) {
            if (!l.isRule()) continue;
            if (!TYPES.contains(l.type)) return "Rule type, " + l.type + ", is not valid in rule " + l;
            if (!l.control.startsWith("[")) {
                if (!SIMPLE_CONTROLS.contains(l.control)) return "Rule control, " + l.control + ", is not valid in rule " + l;
                continue;
            }
            for (String c : l.control.substring(1, l.control.length() - 1).split(" ", -1)) {
                String[] va = c.split("=", -1);
                if (va.length != 2) return "Rule control " + c + " is not valid in rule " + l;
                if (!CONTROL_VALUES.contains(va[0])) return "Rule control value, " + va[0] + ", is not valid in rule " + l;
                if (!CONTROL_ACTIONS.contains(va[1]) && !va[1].matches("\\+?\\d+")) {
                    return "Rule control action, " + va[1] + ", is not valid in rule " + l;
                }
            }
        }
        return null;
    }

    /** The file as pamd writes it, {@code mark} ({@code # Updated by Ansible - TIME}) as its second line. */
    String render(String mark) {
        List<String> out = new ArrayList<>(lines.stream().map(Line::toString).toList());
        if (out.size() <= 1) {
            out.add(0, "");
            out.add(1, mark);
        } else if (out.get(1).startsWith("# Updated by Ansible")) {
            out.set(1, mark);
        } else {
            out.add(1, mark);
        }
        return String.join("\n", out) + "\n";
    }
}
