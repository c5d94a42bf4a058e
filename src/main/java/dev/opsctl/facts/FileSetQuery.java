package dev.opsctl.facts;

import java.nio.charset.StandardCharsets;
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
                + "printf 'file '; printf '%s' \"$f\" | base64 | tr -d '\\n'; echo; stat -L -c '%a %U %G %s %d %i %u %g' -- \"$f\"; base64 < \"$f\"; echo end; done";
    }

    @Override
    public Map<String, FileState.Present> parse(String output) {
        Map<String, FileState.Present> files = new LinkedHashMap<>();
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("file ")) continue;
            // The path comes base64-encoded: a name may hold any byte, a newline included ("new\nline.list").
            String path = new String(Base64.getMimeDecoder().decode(lines[i].substring(5)), StandardCharsets.UTF_8);
            String[] st = i + 1 < lines.length ? lines[++i].trim().split(" ") : new String[0];
            StringBuilder b64 = new StringBuilder();
            while (++i < lines.length && !lines[i].equals("end")) b64.append(lines[i].trim());
            byte[] content = Base64.getMimeDecoder().decode(b64.toString());
            String owner = st.length > 2 ? st[1] : "";
            String group = st.length > 2 ? st[2] : "";
            files.put(path, new FileState.Present(FileState.Kind.FILE, (int) FileQuery.number(st, 0, 8), owner, group, content.length,
                    FileQuery.number(st, 4, 10), FileQuery.number(st, 5, 10), null, content, FileQuery.sha1(content),
                    (int) FileQuery.number(st, 6, 10), (int) FileQuery.number(st, 7, 10)));
        }
        return files;
    }
}
