package dev.opsctl.module.ufw;

import java.util.ArrayList;
import java.util.List;

/**
 * The ufw command lines ufw.py runs for a task, written as it writes them (they are what {@code register} shows in
 * {@code commands}, and ufw.py hands each line to a shlex split, which {@code Shell.split} repeats for the step).
 */
final class UfwCommands {
    static final List<String> RULE_FILES = List.of("/lib/ufw/user.rules", "/lib/ufw/user6.rules", "/etc/ufw/user.rules",
            "/etc/ufw/user6.rules", "/var/lib/ufw/user.rules", "/var/lib/ufw/user6.rules");

    private UfwCommands() {}

    static String status(String ufw) {
        return ufw + " status verbose";
    }

    static String rules(String grep) {
        return grep + " -h '^### tuple' " + String.join(" ", RULE_FILES);
    }

    static String version(String ufw) {
        return ufw + " --version";
    }

    /** The change commands in ufw.py's order (state, default, rule, logging); a rule's {@code --version} check comes first. */
    static List<String> changes(UfwArgs a, String ufw, Integer insertAt) {
        List<String> out = new ArrayList<>();
        if (a.state() != null) {
            String verb = switch (a.state()) {
                case "enabled" -> "enable";
                case "disabled" -> "disable";
                case "reloaded" -> "reload";
                default -> "reset";
            };
            out.add(ufw + " -f " + verb);
        }
        if (a.policy() != null) out.add(ufw + " default " + a.policy() + (a.direction() == null ? "" : " " + a.direction()));
        if (a.rule() != null) out.add(rule(a, ufw, false, insertAt));
        if (a.logging() != null) out.add(ufw + " logging " + a.logging());
        return out;
    }

    /** {@link #changes} as ufw.py runs them: a rule's {@code ufw --version} (does it know comments?) just before it. */
    static List<String> ran(UfwArgs a, String ufw, Integer insertAt) {
        List<String> out = new ArrayList<>();
        for (String c : changes(a, ufw, insertAt)) {
            if (a.rule() != null && c.equals(rule(a, ufw, false, insertAt))) out.add(version(ufw));
            out.add(c);
        }
        return out;
    }

    /**
     * ufw's long rule form: {@code ufw [--dry-run] [route] [delete | insert NUM] RULE [in|out] [on IF] [in on IF]
     * [out on IF] [log] [from ADDRESS [port PORT]] [to ADDRESS [port PORT]] [proto P] [app 'NAME'] [comment 'C']}.
     */
    static String rule(UfwArgs a, String ufw, boolean dryRun, Integer insertAt) {
        List<String> w = new ArrayList<>();
        w.add(ufw);
        if (dryRun) w.add("--dry-run");
        if (a.route()) w.add("route");
        if (a.delete()) w.add("delete");
        if (insertAt != null && !a.delete()) w.add("insert " + insertAt);
        w.add(a.rule());
        if (a.direction() != null) w.add(a.direction());
        if (a.iface() != null) w.add("on " + a.iface());
        if (a.ifaceIn() != null) w.add("in on " + a.ifaceIn());
        if (a.ifaceOut() != null) w.add("out on " + a.ifaceOut());
        if (a.log()) w.add("log");
        // Empty values count as unset, as ufw.py's filter on truth leaves them out.
        if (set(a.fromIp())) w.add("from " + a.fromIp());
        if (set(a.fromPort())) w.add("port " + a.fromPort());
        if (set(a.toIp())) w.add("to " + a.toIp());
        if (set(a.toPort())) w.add("port " + a.toPort());
        if (set(a.proto())) w.add("proto " + a.proto());
        if (set(a.app())) w.add("app '" + a.app() + "'");
        // comment exists since ufw 0.35; Debian's is 0.36.
        if (set(a.comment())) w.add("comment '" + a.comment() + "'");
        return String.join(" ", w);
    }

    private static boolean set(String v) {
        return v != null && !v.isEmpty();
    }
}
