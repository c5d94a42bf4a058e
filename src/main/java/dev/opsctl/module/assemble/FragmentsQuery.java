package dev.opsctl.module.assemble;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The regular files (links followed, as Python's {@code os.path.isfile}) directly in a directory, by name, with
 * their content; null when the directory does not exist, and a "not a directory" answer when it is something else.
 */
public record FragmentsQuery(String dir) implements FactQuery<FragmentsQuery.Answer> {
    /** {@code fragments} by name (unsorted); {@code problem} says why there are none to read. */
    public record Answer(Map<String, byte[]> fragments, String problem) {}

    @Override
    public String key() {
        return "fragments:" + dir;
    }

    @Override
    public String script() {
        String d = Shell.quote(dir);
        return "if [ ! -e " + d + " ]; then echo absent; elif [ ! -d " + d + " ]; then echo notdir; else cd " + d
                + " && for f in * .*; do [ -f \"$f\" ] || continue; case $f in *'\n'*) continue;; esac; "
                + "printf 'file %s\\n' \"$f\"; base64 < \"$f\"; echo end; done; fi";
    }

    @Override
    public Answer parse(String output) {
        if (output.startsWith("absent")) return new Answer(Map.of(), "Source (" + dir + ") does not exist");
        if (output.startsWith("notdir")) return new Answer(Map.of(), "Source (" + dir + ") is not a directory");
        Map<String, byte[]> files = new LinkedHashMap<>();
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("file ")) continue;
            String name = lines[i].substring(5);
            StringBuilder b64 = new StringBuilder();
            while (++i < lines.length && !lines[i].equals("end")) b64.append(lines[i].trim());
            files.put(name, Base64.getDecoder().decode(b64.toString()));
        }
        return new Answer(files, null);
    }
}
