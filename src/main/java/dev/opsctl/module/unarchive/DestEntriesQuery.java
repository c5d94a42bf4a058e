package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For a controller-side archive: what is at each member's path under {@code dest} (one stat for all), the uid the
 * commands run as (as root, tar restores owners, so owners count in the comparison), and the SHA-1 of the files
 * named in {@code checksummed} (zip members, whose times say too little to compare by).
 */
record DestEntriesQuery(String dest, List<String> names, List<String> checksummed) implements FactQuery<DestEntriesQuery.Answer> {
    /** {@code sha1} by member name, for the checksummed members that are regular files. */
    record Answer(int uid, Map<String, EntryStat> entries, Map<String, String> sha1) {}

    @Override
    public String key() {
        return "unarchive-dest:" + dest + ":" + Integer.toHexString(names.hashCode()) + ":" + names.size() + ":" + checksummed.size();
    }

    @Override
    public String script() {
        List<String> words = new ArrayList<>(List.of("stat", "-c", EntryStat.FORMAT, "--"));
        words.addAll(names);
        String script = "id -u; cd " + Shell.path(dest) + " || exit 0; " + (names.isEmpty() ? "true" : Shell.command(words));
        if (checksummed.isEmpty()) return script;
        List<String> sums = new ArrayList<>(List.of("sha1sum", "--"));
        sums.addAll(checksummed);
        return script + "; echo '@sha1'; " + Shell.command(sums) + " 2>/dev/null";
    }

    @Override
    public Answer parse(String output) {
        List<String> lines = Arrays.asList(output.split("\n"));
        int uid = lines.isEmpty() || !lines.get(0).strip().matches("\\d+") ? -1 : Integer.parseInt(lines.get(0).strip());
        int sums = lines.indexOf("@sha1");
        Map<String, String> sha1 = new LinkedHashMap<>();
        if (sums >= 0) {
            // sha1sum prints "HASH  NAME" (a name with a backslash or newline comes escaped and is left out).
            for (String l : lines.subList(sums + 1, lines.size())) {
                if (l.length() > 42 && l.charAt(40) == ' ' && !l.startsWith("\\")) sha1.put(ArchiveReader.trim(l.substring(42)), l.substring(0, 40));
            }
        }
        List<String> stats = lines.subList(Math.min(1, lines.size()), sums >= 0 ? sums : lines.size());
        return new Answer(uid, EntryStat.parse(stats), sha1);
    }
}
