package dev.opsctl.inventory;

import dev.opsctl.diag.Diagnostics;
import dev.opsctl.diag.Source;
import dev.opsctl.python.PythonLiteral;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory: {@code [group]} host lines with inline {@code k=v}, {@code [group:vars]} and
 * {@code [group:children]}; hosts before any section are ungrouped. Every bad line is reported, not just the first.
 */
final class IniInventory {
    private static final Pattern SECTION = Pattern.compile("^\\[([^:\\]\\s]+)(?::(\\w+))?\\]\\s*(?:#.*)?$");
    private static final Pattern GROUP_NAME = Pattern.compile("^([^:\\]\\s]+)\\s*(?:#.*)?$");

    private final String file;
    private final InventoryBuilder builder;
    private final Diagnostics problems;
    /** Groups named in :children or :vars before their own section, as Ansible's ini plugin tracks them. */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private record Pending(int line, String state, List<String> parents) {}

    private IniInventory(String file, InventoryBuilder builder, Diagnostics problems) {
        this.file = file;
        this.builder = builder;
        this.problems = problems;
    }

    static void parse(String file, String text, InventoryBuilder builder, Diagnostics problems) {
        new IniInventory(file, builder, problems).parse(text);
    }

    private void parse(String text) {
        String group = "ungrouped";
        String state = "hosts";
        String[] lines = text.split("\r?\n", -1);
        for (int n = 1; n <= lines.length; n++) {
            String line = lines[n - 1].strip();
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == ';') continue;
            Source at = new Source(file, n, 0);
            Matcher section = SECTION.matcher(line);
            if (section.matches()) {
                String tag = section.group(2) == null ? "hosts" : section.group(2);
                if (!List.of("hosts", "vars", "children").contains(tag)) {
                    problems.error(at, "section [" + section.group(1) + ":" + tag + "] has unknown type '" + tag
                            + "': expected :vars or :children");
                    group = null;
                    continue;
                }
                group = section.group(1);
                state = tag;
                declare(group, state, n);
            } else if (line.startsWith("[") && line.endsWith("]")) {
                problems.error(at, "invalid section '" + line + "': a section is [name], [name:vars] or [name:children], without spaces");
                group = null;
            } else if (group != null) {
                switch (state) {
                    case "hosts" -> hostLine(group, line, at);
                    case "vars" -> varLine(group, line, at);
                    default -> childLine(group, line, n);
                }
            }
        }
        pending.forEach((name, p) -> problems.error(new Source(file, p.line(), 0), p.state().equals("vars")
                ? "section [" + name + ":vars] is for a group that is never defined"
                : "section [" + p.parents().get(p.parents().size() - 1) + ":children] includes undefined group '" + name + "'"));
    }

    private void declare(String group, String state, int line) {
        if (!builder.hasGroup(group)) {
            if (state.equals("vars")) pending.putIfAbsent(group, new Pending(line, state, List.of()));
            builder.group(group);
        }
        Pending p = pending.get(group);
        if (p != null && !state.equals("vars")) {
            pending.remove(group);
            if (p.state().equals("children")) {
                for (String parent : p.parents()) link(parent, group, p.line());
            }
        }
    }

    private void hostLine(String group, String line, Source at) {
        List<String> tokens;
        try {
            tokens = Shlex.split(line);
        } catch (IllegalArgumentException e) {
            problems.error(at, "cannot parse host line '" + line + "': " + e.getMessage());
            return;
        }
        if (tokens.isEmpty()) return;
        Map<String, Object> vars = new LinkedHashMap<>();
        for (String token : tokens.subList(1, tokens.size())) {
            int eq = token.indexOf('=');
            if (eq < 0) {
                problems.error(at, "expected key=value host variable assignment, got '" + token + "'");
                return;
            }
            vars.put(token.substring(0, eq), PythonLiteral.parse(token.substring(eq + 1)));
        }
        HostEntry entry;
        try {
            entry = HostEntry.parse(tokens.get(0));
        } catch (IllegalArgumentException e) {
            problems.error(at, e.getMessage());
            return;
        }
        Map<String, Object> all = new LinkedHashMap<>();
        if (entry.port() != null) all.put("ansible_port", entry.port());
        all.putAll(vars);
        for (String name : entry.names()) builder.addHost(group, name, all);
    }

    private void varLine(String group, String line, Source at) {
        int eq = line.indexOf('=');
        if (eq <= 0) {
            problems.error(at, "expected key=value in [" + group + ":vars], got '" + line + "'");
            return;
        }
        builder.setGroupVar(group, line.substring(0, eq).strip(), PythonLiteral.parse(line.substring(eq + 1).strip()));
    }

    private void childLine(String group, String line, int n) {
        Matcher m = GROUP_NAME.matcher(line);
        if (!m.matches()) {
            problems.error(new Source(file, n, 0), "expected a group name in [" + group + ":children], got '" + line + "'");
            return;
        }
        String child = m.group(1);
        if (builder.hasGroup(child)) {
            link(group, child, n);
        } else {
            pending.computeIfAbsent(child, c -> new Pending(n, "children", new ArrayList<>())).parents().add(group);
        }
    }

    private void link(String parent, String child, int line) {
        if (!builder.addChild(parent, child)) {
            problems.error(new Source(file, line, 0), "adding group '" + child + "' as a child of '" + parent + "' creates a loop");
        }
    }

    /** Python's shlex.split(line, comments=True), which Ansible uses for host lines. */
    static final class Shlex {
        private Shlex() {}

        static List<String> split(String s) {
            List<String> tokens = new ArrayList<>();
            StringBuilder token = new StringBuilder();
            boolean inToken = false;
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (Character.isWhitespace(c)) {
                    if (inToken) tokens.add(token.toString());
                    token.setLength(0);
                    inToken = false;
                } else if (c == '#') {
                    break;
                } else if (c == '\\') {
                    if (i >= s.length()) throw new IllegalArgumentException("no escaped character");
                    token.append(s.charAt(i++));
                    inToken = true;
                } else if (c == '\'' || c == '"') {
                    inToken = true;
                    boolean closed = false;
                    while (i < s.length()) {
                        char q = s.charAt(i++);
                        if (q == c) {
                            closed = true;
                            break;
                        }
                        // inside double quotes a backslash escapes only " and \, as in POSIX shells
                        if (c == '"' && q == '\\' && i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\\')) q = s.charAt(i++);
                        token.append(q);
                    }
                    if (!closed) throw new IllegalArgumentException("no closing quotation");
                } else {
                    token.append(c);
                    inToken = true;
                }
            }
            if (inToken) tokens.add(token.toString());
            return tokens;
        }
    }
}
