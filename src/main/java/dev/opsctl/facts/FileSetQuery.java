package dev.opsctl.facts;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every regular file (or link to one) matching some shell patterns ({@code /etc/apt/sources.list.d/*.list}), by path in pattern
 * order, each with its attributes and content: for modules that read a set of small configuration files.
 * The patterns are written into the script as they are: they must come from opsctl, never from a task.
 */
public record FileSetQuery(List<String> patterns) implements FactQuery<Map<String, FileState.Present>> {
    @Override
    public String key() {
        return "files:" + String.join(" ", patterns);
    }

    @Override
    public String script() {
        return "for f in " + String.join(" ", patterns) + "; do [ -f \"$f\" ] || continue; "
                + "printf 'file %s\\n' \"$f\"; stat -L -c '%a %U %G %s %d %i %u %g' -- \"$f\"; base64 < \"$f\"; echo end; done";
    }

    @Override
    public Map<String, FileState.Present> parse(String output) {
        Map<String, FileState.Present> files = new LinkedHashMap<>();
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("file ")) continue;
            String path = lines[i].substring(5);
            String[] st = lines[++i].trim().split(" ");
            StringBuilder b64 = new StringBuilder();
            while (++i < lines.length && !lines[i].equals("end")) b64.append(lines[i].trim());
            byte[] content = Base64.getDecoder().decode(b64.toString());
            files.put(path, new FileState.Present(FileState.Kind.FILE, Integer.parseInt(st[0], 8), st[1], st[2], content.length,
                    Long.parseLong(st[4]), Long.parseLong(st[5]), null, content, FileQuery.sha1(content),
                    Integer.parseInt(st[6]), Integer.parseInt(st[7])));
        }
        return files;
    }
}
