package dev.opsctl.module.ufw;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What ufw.py reads before it decides anything, read the same way: {@code ufw status verbose}, the {@code ### tuple}
 * lines of the user rules files (grep), and for a rule {@code ufw --dry-run RULE}, whose output ufw.py's check mode
 * compares with those lines. Also {@code ufw status numbered} for an insert relative to IPv4/IPv6 rules, and the
 * default policies in /etc/default/ufw (which {@code ufw status} does not show while the firewall is inactive).
 *
 * <p>Only a rule is ever dry-run: {@code ufw --dry-run enable}, {@code logging} and {@code default} write ufw.conf and
 * /etc/default/ufw all the same (ufw 0.36.2), so a plan must never run them.
 *
 * @param dryRunRule the rule's words after {@code ufw --dry-run}, or null when the task has no rule
 * @param relative   for an insert relative to the IPv4/IPv6 rules: where it goes, computed on the host from
 *                   {@code ufw status numbered} as {@link UfwDecisions#insertAt} computes it; null otherwise
 */
public record UfwQuery(List<String> dryRunRule, Relative relative) implements FactQuery<UfwQuery.UfwState> {
    private static final String MARK = "@opsctl-ufw ";

    /**
     * An insert relative to the numbered rules: {@code insert} past {@code relativeTo}, its {@code insert N} words going
     * into the dry run after the first {@code wordsBefore} words (route, ...).
     */
    public record Relative(int insert, String relativeTo, int wordsBefore) {}

    /**
     * {@link UfwDecisions#insertAt} in awk, so that the dry run inserts where the change will: prints the position, or
     * nothing when it lies past the last rule.
     */
    static final String INSERT_AT = "/^\\[ *[0-9]+\\] / { s = $0; sub(/^\\[ */, \"\", s); k = s + 0; "
            + "if (index($0, \"(v6)\")) v6 = 1; else { v4 = 1; if (k > m4) m4 = k } if (k > last) last = k } "
            + "END { if (rel == \"first-ipv4\") r = 1; else if (rel == \"last-ipv4\") r = v4 ? m4 : 1; "
            + "else if (rel == \"first-ipv6\") r = v4 ? m4 + 1 : 1; else r = v6 ? last : last + 1; "
            + "if (ins + r <= last) print ins + r }";

    /**
     * The host's ufw as ufw.py sees it; {@code missingIn} is the PATH searched when ufw is not installed (the rest is
     * then null). Each command's output is as printed (standard error merged), its exit code beside it.
     */
    public record UfwState(String missingIn, String ufw, String grep, String status, int statusRc, String rules,
                           String dryRun, int dryRunRc, String numbered, Map<String, String> policies) {
        static UfwState missing(String path) {
            return new UfwState(path, null, null, null, 0, null, null, 0, null, Map.of());
        }
    }

    @Override
    public String key() {
        return "ufw:" + (dryRunRule == null ? "" : String.join("\u0000", dryRunRule)) + (relative == null ? "" : ":" + relative);
    }

    /** Asked when the task runs: an earlier task (a package, another ufw task) changes what it answers. */
    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        StringBuilder s = new StringBuilder();
        // get_bin_path adds the sbin directories to PATH; ufw.py runs every command with LANGUAGE=C LC_ALL=C.
        s.append("PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin; export LANGUAGE=C LC_ALL=C; ");
        s.append("if u=$(command -v ufw) && g=$(command -v grep); then ");
        s.append("printf 'ufw %s\\ngrep %s\\n' \"$u\" \"$g\"; ");
        section(s, "status", "\"$u\" status verbose", true);
        section(s, "rules", "\"$g\" -h '^### tuple' " + Shell.command(UfwCommands.RULE_FILES) + " 2>/dev/null", false);
        if (relative != null) {
            section(s, "numbered", "\"$u\" status numbered", true);
            s.append("p=$(printf '%s\\n' \"$o\" | ").append(Shell.command("awk", "-v", "ins=" + relative.insert(),
                    "-v", "rel=" + relative.relativeTo(), INSERT_AT)).append("); ");
            String before = Shell.command(dryRunRule.subList(0, relative.wordsBefore()));
            String after = Shell.command(dryRunRule.subList(relative.wordsBefore(), dryRunRule.size()));
            s.append("if [ -n \"$p\" ]; then at=\"insert $p\"; else at=; fi; ");
            // $at is left unquoted on purpose: two words ("insert" and the number) or none.
            section(s, "dryrun", "\"$u\" --dry-run " + (before.isEmpty() ? "" : before + " ") + "$at " + after, true);
        } else if (dryRunRule != null) {
            section(s, "dryrun", "\"$u\" --dry-run " + Shell.command(dryRunRule), true);
        }
        section(s, "policies", "\"$g\" '^DEFAULT_[A-Z]*_POLICY=' /etc/default/ufw 2>/dev/null", false);
        s.append("else printf 'missing %s\\n' \"$PATH\"; fi");
        return s.toString();
    }

    private static void section(StringBuilder s, String name, String command, boolean mergeErrors) {
        // Captured, then printed after its mark with the exit code: output that lacks a final newline stays apart.
        s.append("o=$(").append(command).append(mergeErrors ? " 2>&1" : "").append("); ");
        s.append("printf '").append(MARK).append(name).append(" %s\\n%s\\n' \"$?\" \"$o\"; ");
    }

    @Override
    public UfwState parse(String output) {
        if (output.startsWith("missing ")) return UfwState.missing(output.substring("missing ".length()).strip());
        String[] head = output.split("\n", 3);
        String ufw = head[0].substring("ufw ".length());
        String grep = head[1].substring("grep ".length());
        Map<String, String> text = new LinkedHashMap<>();
        Map<String, Integer> rc = new LinkedHashMap<>();
        String name = null;
        StringBuilder cur = new StringBuilder();
        for (String line : (head.length > 2 ? head[2] : "").split("\n", -1)) {
            if (line.startsWith(MARK)) {
                if (name != null) text.put(name, chopLast(cur));
                String[] f = line.substring(MARK.length()).split(" ");
                name = f[0];
                rc.put(name, Integer.parseInt(f[1]));
                cur.setLength(0);
            } else if (name != null) {
                cur.append(line).append('\n');
            }
        }
        if (name != null) text.put(name, chopLast(cur));
        Map<String, String> policies = new LinkedHashMap<>();
        for (String line : text.getOrDefault("policies", "").split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) policies.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", "").strip());
        }
        return new UfwState(null, ufw, grep, text.get("status"), rc.getOrDefault("status", 0), text.get("rules"),
                text.get("dryrun"), rc.getOrDefault("dryrun", 0), text.get("numbered"), policies);
    }

    /** The section's text as the command printed it, less the newline printf added (its own are already gone). */
    private static String chopLast(StringBuilder cur) {
        String s = cur.toString();
        // printf '%s\n' added one newline, and the split added one per line: both go.
        if (s.endsWith("\n\n")) return s.substring(0, s.length() - 2);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
