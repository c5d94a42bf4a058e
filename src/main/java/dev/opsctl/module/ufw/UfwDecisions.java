package dev.opsctl.module.ufw;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether each part of a ufw task changes the host, decided as ufw.py decides it from what it read before running
 * anything: the status text for {@code state} and {@code logging}, the status (or, while the firewall is inactive and
 * the status shows no policies, /etc/default/ufw) for {@code default}, and for a rule its dry run's {@code ### tuple}
 * lines against the rules files' (ufw.py's check mode; an apply compares the status and rules before and after, which
 * these predict). Pure.
 */
final class UfwDecisions {
    static final Pattern IPV4 = Pattern.compile("((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9])");
    static final Pattern IPV6 = Pattern.compile("(([0-9a-fA-F]{1,4}:){7,7}[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,7}:"
            + "|([0-9a-fA-F]{1,4}:){1,6}:[0-9a-fA-F]{1,4}|([0-9a-fA-F]{1,4}:){1,5}"
            + "(:[0-9a-fA-F]{1,4}){1,2}|([0-9a-fA-F]{1,4}:){1,4}(:[0-9a-fA-F]{1,4})"
            + "{1,3}|([0-9a-fA-F]{1,4}:){1,3}(:[0-9a-fA-F]{1,4}){1,4}|([0-9a-fA-F]"
            + "{1,4}:){1,2}(:[0-9a-fA-F]{1,4}){1,5}|[0-9a-fA-F]{1,4}:((:[0-9a-fA-F]"
            + "{1,4}){1,6})|:((:[0-9a-fA-F]{1,4}){1,7}|:)|fe80:(:[0-9a-fA-F]{0,4})"
            + "{0,4}%[0-9a-zA-Z]{1,}|::(ffff(:0{1,4}){0,1}:){0,1}((25[0-5]|(2[0-4]"
            + "|1{0,1}[0-9]){0,1}[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}"
            + "[0-9])|([0-9a-fA-F]{1,4}:){1,4}:((25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}"
            + "[0-9])\\.){3,3}(25[0-5]|(2[0-4]|1{0,1}[0-9]){0,1}[0-9]))");
    private static final Pattern LOGGING = Pattern.compile("Logging: (on|off)(?: \\(([a-z]+)\\))?");
    private static final Pattern DEFAULTS = Pattern.compile(
            "Default: (deny|allow|reject) \\(incoming\\), (deny|allow|reject) \\(outgoing\\), (deny|allow|reject|disabled) \\(routed\\)");
    private static final Pattern NUMBERED = Pattern.compile("^\\[ *([0-9]+)\\] ");
    private static final Map<String, String> POLICY_WORD = Map.of("ACCEPT", "allow", "DROP", "deny", "REJECT", "reject");

    private UfwDecisions() {}

    /** "active" would also match "inactive", hence the space (ufw.py's comment). */
    static boolean active(String status) {
        return status.contains(" active");
    }

    static boolean state(String wanted, String status) {
        return switch (wanted) {
            case "enabled" -> !active(status);
            case "disabled" -> active(status);
            default -> true; // reloaded, reset: ufw.py always reports a change
        };
    }

    static boolean logging(String wanted, String status) {
        Matcher m = LOGGING.matcher(status);
        if (!m.find()) return true;
        String onOff = m.group(1);
        String level = m.group(2);
        if (!wanted.equals("off")) return onOff.equals("off") || (!wanted.equals("on") && !wanted.equals(level));
        return !onOff.equals("off");
    }

    /**
     * The policy of {@code direction} (incoming when null) differs from {@code wanted}. While the firewall is active the
     * status shows it (ufw.py's check: a routed policy shown as disabled is no change); while it is inactive ufw.py's apply
     * still writes /etc/default/ufw, so the file decides.
     */
    static boolean policy(String wanted, String direction, String status, Map<String, String> policies) {
        String dir = direction == null ? "incoming" : direction;
        Matcher m = DEFAULTS.matcher(status);
        if (m.find()) {
            String current = switch (dir) {
                case "outgoing" -> m.group(2);
                case "routed" -> m.group(3);
                default -> m.group(1);
            };
            return !current.equals(wanted) && !current.equals("disabled");
        }
        String key = switch (dir) {
            case "outgoing" -> "DEFAULT_OUTPUT_POLICY";
            case "routed" -> "DEFAULT_FORWARD_POLICY";
            default -> "DEFAULT_INPUT_POLICY";
        };
        return !wanted.equals(POLICY_WORD.get(policies.getOrDefault(key, "")));
    }

    /**
     * ufw.py's check mode for a rule: unless every line of the dry run skips an existing rule, its {@code ### tuple}
     * lines (the rules files as they would be) differ from the files' now, compared over IPv4 lines only for a rule
     * from/to an IPv4 address, over IPv6 lines for an IPv6 one. A dry run that prints no rules at all (deleting a
     * rule that is not there) changes nothing, as an apply finds.
     */
    static boolean rule(UfwArgs a, String rulesNow, String dryRun) {
        List<String> dry = lines(dryRun);
        long skipping = dry.stream().filter(l -> l.contains("Skipping")).count();
        if (skipping > 0 && skipping == dry.size()) return false;
        if (dry.stream().noneMatch(l -> l.startsWith("### RULES ###"))) return false;
        List<String> after = dry.stream().filter(l -> l.startsWith("### tuple")).toList();
        List<String> before = lines(rulesNow);
        if (startsWith(IPV4, a.fromIp()) || startsWith(IPV4, a.toIp())) {
            return !only(before, IPV4).equals(only(after, IPV4));
        }
        if (startsWith(IPV6, a.fromIp()) || startsWith(IPV6, a.toIp())) {
            return !only(before, IPV6).equals(only(after, IPV6));
        }
        return !before.equals(after);
    }

    /**
     * The position ufw.py inserts at for {@code insert_relative_to} other than zero, from {@code ufw status numbered};
     * null when it lies past the last rule (ufw.py then adds the rule without a position). As community.general 6.6
     * (Debian 12's, the one compared side by side) counts: a rule is IPv6 when its line says "(v6)", so a rule from an
     * IPv6 address, whose line does not, counts as IPv4 (later releases also match the address).
     */
    static Integer insertAt(UfwArgs a, String numbered) {
        if (a.insert() == null || a.delete()) return null;
        if (a.insertRelativeTo().equals("zero")) return a.insert();
        List<Integer> v4 = new ArrayList<>();
        List<Integer> v6 = new ArrayList<>();
        for (String line : lines(numbered == null ? "" : numbered)) {
            Matcher m = NUMBERED.matcher(line);
            if (m.find()) (line.contains("(v6)") ? v6 : v4).add(Integer.parseInt(m.group(1)));
        }
        int last = Math.max(v4.stream().mapToInt(i -> i).max().orElse(0), v6.stream().mapToInt(i -> i).max().orElse(0));
        int maxV4 = v4.stream().mapToInt(i -> i).max().orElse(0);
        int relativeTo = switch (a.insertRelativeTo()) {
            case "first-ipv4" -> 1;
            case "last-ipv4" -> v4.isEmpty() ? 1 : maxV4;
            case "first-ipv6" -> v4.isEmpty() ? 1 : maxV4 + 1;
            default -> v6.isEmpty() ? last + 1 : last;
        };
        int at = a.insert() + relativeTo;
        return at > last ? null : at;
    }

    private static boolean startsWith(Pattern p, String ip) {
        return ip != null && p.matcher(ip).lookingAt();
    }

    private static List<String> only(List<String> lines, Pattern p) {
        Predicate<String> has = l -> p.matcher(l).find();
        return lines.stream().filter(has).toList();
    }

    static List<String> lines(String text) {
        if (text == null || text.isEmpty()) return List.of();
        return List.of(text.split("\n"));
    }
}
