package dev.opsctl.module.aptrepository;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.facts.FileQuery;
import dev.opsctl.facts.FileState;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one-line-style APT source files, as Ansible's apt_repository reads them: /etc/apt/sources.list and every
 * /etc/apt/sources.list.d/*.list, each with its attributes and content, in that order.
 */
public record AptSourcesQuery() implements FactQuery<Map<String, FileState.Present>> {
    static final String SOURCES_LIST = "/etc/apt/sources.list";
    static final String SOURCES_DIR = "/etc/apt/sources.list.d/";

    @Override
    public String key() {
        return "apt-sources";
    }

    @Override
    public String script() {
        return "for f in " + SOURCES_LIST + " " + SOURCES_DIR + "*.list; do [ -f \"$f\" ] || continue; "
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
