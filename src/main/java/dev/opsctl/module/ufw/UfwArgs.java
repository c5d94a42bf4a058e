package dev.opsctl.module.ufw;

import dev.opsctl.module.ArgException;
import dev.opsctl.module.Args;
import java.util.ArrayList;
import java.util.List;

/**
 * community.general.ufw's arguments, read and checked as ufw.py's argument spec does (names, aliases, choices,
 * {@code required_one_of}, {@code mutually_exclusive}, {@code required_by}).
 *
 * @param state    enabled, disabled, reloaded, reset, or null
 * @param policy   {@code default}/{@code policy}: allow, deny, reject, or null
 * @param logging  full, high, low, medium, off, on, or null
 * @param rule     allow, deny, limit, reject, or null
 * @param insert   the rule position, or null
 * @param fromIp   {@code from_ip}/{@code from}/{@code src}, "any" unless set
 * @param toIp     {@code to_ip}/{@code to}/{@code dest}, "any" unless set
 * @param toPort   {@code to_port}/{@code port}
 * @param app      {@code name}/{@code app}: an application profile
 */
public record UfwArgs(String state, String policy, String logging, String direction, boolean delete, boolean route,
                      Integer insert, String insertRelativeTo, String rule, String iface, String ifaceIn, String ifaceOut,
                      boolean log, String fromIp, String fromPort, String toIp, String toPort, String proto, String app,
                      String comment) {

    static final List<String> NAMES = List.of("state", "default", "policy", "logging", "direction", "delete", "route", "insert",
            "insert_relative_to", "rule", "interface", "if", "interface_in", "if_in", "interface_out", "if_out", "log",
            "from_ip", "from", "src", "from_port", "to_ip", "dest", "to", "to_port", "port", "proto", "protocol", "name", "app",
            "comment");

    static UfwArgs parse(Args args) {
        String policy = choice(args, "default", new String[] {"default", "policy"}, "allow", "deny", "reject");
        UfwArgs a = new UfwArgs(
                choice(args, "state", new String[] {"state"}, "enabled", "disabled", "reloaded", "reset"),
                policy,
                choice(args, "logging", new String[] {"logging"}, "full", "high", "low", "medium", "off", "on"),
                choice(args, "direction", new String[] {"direction"}, "in", "incoming", "out", "outgoing", "routed"),
                args.bool("delete", false),
                args.bool("route", false),
                integer(args, "insert"),
                args.choice("insert_relative_to", "zero", "zero", "first-ipv4", "last-ipv4", "first-ipv6", "last-ipv6"),
                choice(args, "rule", new String[] {"rule"}, "allow", "deny", "limit", "reject"),
                args.string("interface", "if"),
                args.string("interface_in", "if_in"),
                args.string("interface_out", "if_out"),
                args.bool("log", false),
                orDefault(args, "any", "from_ip", "from", "src"),
                args.string("from_port"),
                orDefault(args, "any", "to_ip", "dest", "to"),
                args.string("to_port", "port"),
                choice(args, "proto", new String[] {"proto", "protocol"}, "ah", "any", "esp", "ipv6", "tcp", "udp", "gre", "igmp", "vrrp"),
                args.string("name", "app"),
                args.string("comment"));
        a.check();
        return a;
    }

    /** The checks AnsibleModule makes before ufw.py runs, with its messages. */
    private void check() {
        if (state == null && policy == null && rule == null && logging == null) {
            throw new ArgException("one of the following is required: state, default, rule, logging");
        }
        List<String> set = new ArrayList<>();
        if (app != null) set.add("name");
        if (proto != null) set.add("proto");
        if (logging != null) set.add("logging");
        if (set.size() > 1) throw new ArgException("parameters are mutually exclusive: name|proto|logging");
        if (direction != null && ifaceIn != null) throw new ArgException("parameters are mutually exclusive: direction|interface_in");
        if (direction != null && ifaceOut != null) throw new ArgException("parameters are mutually exclusive: direction|interface_out");
        if (iface != null && direction == null) throw new ArgException("missing parameter(s) required by 'interface': direction");
        // ufw.py's own checks, made before it runs any command that changes the host.
        if (policy != null && direction != null && !List.of("outgoing", "incoming", "routed").contains(direction)) {
            throw new ArgException("For default, direction must be one of \"outgoing\", \"incoming\" and \"routed\", or direction must not be specified.");
        }
        if (rule != null && direction != null && !List.of("in", "out").contains(direction)) {
            throw new ArgException("For rules, direction must be one of \"in\" and \"out\", or direction must not be specified.");
        }
        if (rule != null && !route && ifaceIn != null && ifaceOut != null) {
            throw new ArgException("Only route rules can combine interface_in and interface_out");
        }
    }

    private static String choice(Args args, String shown, String[] names, String... choices) {
        String v = args.string(names);
        if (v == null) return null;
        for (String c : choices) if (c.equals(v)) return v;
        throw new ArgException("value of " + shown + " must be one of: " + String.join(", ", choices) + ", got: " + v);
    }

    private static String orDefault(Args args, String fallback, String... names) {
        String v = args.string(names);
        return v == null ? fallback : v;
    }

    private static Integer integer(Args args, String name) {
        String v = args.string(name);
        if (v == null) return null;
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            throw new ArgException("argument '" + name + "' is of type " + v.getClass().getSimpleName().toLowerCase()
                    + " and we were unable to convert to int: " + v);
        }
    }
}
