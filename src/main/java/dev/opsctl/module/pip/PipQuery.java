package dev.opsctl.module.pip;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What pip.py reads before it decides: whether the virtualenv exists ({@code bin/activate}), and the installed
 * packages as {@code pip list --format=freeze} prints them (canonical name to version). {@code packages} is empty
 * when there is no virtualenv yet; {@code error} is pip's message when it could not list.
 */
public record PipQuery(String pip, String virtualenv) implements FactQuery<PipQuery.Answer> {
    public record Answer(boolean venvExists, Map<String, String> packages, String error) {
        public Answer {
            packages = Map.copyOf(packages);
        }
    }

    @Override
    public String key() {
        return "pip:" + pip + ":" + virtualenv;
    }

    @Override
    public String script() {
        String list = Shell.command(pip, "list", "--format=freeze", "--disable-pip-version-check");
        String run = "if o=$(LC_ALL=C " + list + " 2>&1); then printf '%s\\n' \"$o\" | sed 's/^/pkg /'; "
                + "else printf '%s\\n' \"$o\" | sed 's/^/error /'; fi";
        if (virtualenv == null) return run;
        return "if [ -e " + Shell.quote(virtualenv + "/bin/activate") + " ]; then echo venv; " + run + "; else echo novenv; fi";
    }

    @Override
    public Answer parse(String output) {
        boolean venv = virtualenv == null || !output.startsWith("novenv");
        Map<String, String> packages = new LinkedHashMap<>();
        StringBuilder error = new StringBuilder();
        for (String line : output.split("\n")) {
            if (line.startsWith("pkg ") && line.contains("==")) {
                String[] nv = line.substring(4).split("==", 2);
                packages.put(Requirement.canonical(nv[0].strip()), nv[1].strip());
            } else if (line.startsWith("error ")) {
                error.append(error.isEmpty() ? "" : "\n").append(line.substring(6));
            }
        }
        return new Answer(venv, packages, error.isEmpty() ? null : error.toString());
    }
}
