package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The version the package manager would install now for each of {@code names} ({@code apt-cache policy}, or
 * {@code repoquery} for dnf and yum), from the host's current package lists. Only tasks with {@code state: latest}
 * ask: apt-cache alone takes a third of a second. A name with no candidate is missing from the answer.
 *
 * @param manager apt, dnf or yum; "auto" picks the first of those the host has (for the {@code package} module)
 */
public record CandidatesQuery(String manager, List<String> names) implements FactQuery<Map<String, String>> {
    /** The answer's only key when the host lacks the tool that knows candidates (yum without yum-utils). */
    public static final String NO_TOOL = "@no-candidate-tool";

    public CandidatesQuery {
        names = List.copyOf(names);
    }

    @Override
    public String key() {
        return "candidates:" + manager + ":" + String.join(",", names);
    }

    @Override
    public String script() {
        String apt = "LC_ALL=C " + Shell.command(words("apt-cache", "policy"));
        String rpmFormat = "%{name}\\t%{epoch}:%{version}-%{release}\\n";
        String dnf = Shell.command(words("dnf", "-q", "-C", "repoquery", "--latest-limit=1", "--qf", rpmFormat))
                + " | sed 's/^/rpm\\t/'";
        // yum has no repoquery of its own (it comes with yum-utils): without it, say so rather than answer nothing.
        String yum = "if command -v repoquery >/dev/null 2>&1; then " + Shell.command(words("repoquery", "-C", "--qf", rpmFormat))
                + " | sed 's/^/rpm\\t/'; else echo " + NO_TOOL + "; fi";
        return switch (manager) {
            case "apt" -> apt;
            case "dnf" -> dnf;
            case "yum" -> yum;
            default -> "if command -v apt-cache >/dev/null 2>&1; then " + apt + "; elif command -v dnf >/dev/null 2>&1; then "
                    + dnf + "; else " + yum + "; fi";
        };
    }

    private List<String> words(String... head) {
        List<String> w = new ArrayList<>(List.of(head));
        w.add("--");
        w.addAll(names);
        return w;
    }

    @Override
    public Map<String, String> parse(String output) {
        Map<String, String> out = new HashMap<>();
        String current = null;
        for (String line : output.split("\n")) {
            if (line.equals(NO_TOOL)) return Map.of(NO_TOOL, "");
            if (line.startsWith("rpm\t")) {
                String[] f = line.split("\t");
                if (f.length >= 3) out.put(f[1], f[2].startsWith("0:") ? f[2].substring(2) : f[2]);
            } else if (!line.startsWith(" ") && line.endsWith(":")) {
                current = line.substring(0, line.length() - 1);
            } else if (current != null && line.strip().startsWith("Candidate:")) {
                String v = line.strip().substring("Candidate:".length()).strip();
                if (!v.equals("(none)") && !v.isEmpty()) out.put(current, v);
            }
        }
        return out;
    }
}
