package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * For a controller-side archive: what is at each member's path under {@code dest} (one stat for all), and the uid
 * the commands run as (as root, tar restores owners, so owners count in the comparison).
 */
record DestEntriesQuery(String dest, List<String> names) implements FactQuery<DestEntriesQuery.Answer> {
    record Answer(int uid, Map<String, EntryStat> entries) {}

    @Override
    public String key() {
        return "unarchive-dest:" + dest + ":" + Integer.toHexString(names.hashCode()) + ":" + names.size();
    }

    @Override
    public String script() {
        List<String> words = new ArrayList<>(List.of("stat", "-c", EntryStat.FORMAT, "--"));
        words.addAll(names);
        return "id -u; cd " + Shell.quote(dest) + " || exit 0; " + (names.isEmpty() ? "true" : Shell.command(words));
    }

    @Override
    public Answer parse(String output) {
        List<String> lines = Arrays.asList(output.split("\n"));
        int uid = lines.isEmpty() || !lines.get(0).strip().matches("\\d+") ? -1 : Integer.parseInt(lines.get(0).strip());
        return new Answer(uid, EntryStat.parse(lines.subList(Math.min(1, lines.size()), lines.size())));
    }
}
