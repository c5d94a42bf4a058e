package dev.opsctl.module.getent;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/** What {@code getent DATABASE [KEY]} prints and its exit code (2: a key not found). */
public record GetentQuery(String database, String key, String service) implements FactQuery<GetentQuery.Answer> {
    /** getent's lines and exit code. */
    public record Answer(List<String> lines, int exitCode) {}

    @Override
    public String key() {
        return "getent:" + database + ":" + (key == null ? "" : "=" + key) + ":" + (service == null ? "" : service);
    }

    /** Accounts and hosts change with earlier tasks (user, group) that do not predict this listing: asked when the task runs. */
    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        List<String> words = new ArrayList<>(List.of("getent"));
        if (service != null) words.addAll(List.of("-s", service));
        words.add("--");
        words.add(database);
        if (key != null) words.add(key);
        return Shell.command(words) + "; echo \"rc=$?\"";
    }

    @Override
    public Answer parse(String output) {
        List<String> lines = new ArrayList<>(List.of(output.split("\n", -1)));
        String last = lines.remove(lines.size() - 1);
        return new Answer(lines, Integer.parseInt(last.substring(3).strip()));
    }
}
