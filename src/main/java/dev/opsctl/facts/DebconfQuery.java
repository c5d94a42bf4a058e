package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A package's debconf questions as {@code debconf-show PKG} lists them (what Ansible 2.14's debconf module reads):
 * question name to value, a password shown only as {@code (password omitted)}. When debconf-show fails, its error.
 */
public record DebconfQuery(String pkg) implements FactQuery<DebconfQuery.Selections> {
    /** What debconf-show said: the questions, or why it could not say. */
    public record Selections(Map<String, String> questions, String error) {
        public Selections {
            questions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(questions));
        }

        public Selections with(String question, String value) {
            Map<String, String> m = new LinkedHashMap<>(questions);
            m.put(question, value);
            return new Selections(m, null);
        }
    }

    @Override
    public String key() {
        return "debconf-show:" + pkg;
    }

    /** Asked when its task runs, not up front: an earlier task that installs the package brings its answers. */
    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        String show = Shell.command("debconf-show", pkg);
        // Standard error apart, as Ansible's run_command keeps it: a warning there (passwords.dat unreadable) is no failure.
        return "if ! command -v debconf-show >/dev/null 2>&1; then echo missing; "
                + "elif out=$(" + show + " 2>/dev/null); then echo ok; printf '%s\\n' \"$out\"; "
                + "else echo failed; " + show + " 2>&1 >/dev/null | head -n 20; fi";
    }

    @Override
    public Selections parse(String output) {
        String[] lines = output.split("\n", -1);
        String status = lines[0].strip();
        if (status.equals("missing")) return new Selections(Map.of(), "Failed to find required executable \"debconf-show\" in paths");
        if (!status.equals("ok")) {
            String rest = output.substring(Math.min(output.length(), lines[0].length() + 1)).strip();
            return new Selections(Map.of(), rest.isEmpty() ? "debconf-show " + pkg + " failed" : rest);
        }
        Map<String, String> questions = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) continue;
            // debconf.py: key.strip('*').strip(), value.strip()
            String key = lines[i].substring(0, colon).replaceAll("^\\*+|\\*+$", "").strip();
            questions.put(key, lines[i].substring(colon + 1).strip());
        }
        return new Selections(questions, null);
    }
}
