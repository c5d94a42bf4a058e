package dev.opsctl.module.slurp;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/**
 * A file's whole content, base64 as the host's {@code base64} prints it (following links, as slurp's {@code open}
 * does), or why there is none: missing, a directory, unreadable.
 */
public record SlurpQuery(String path) implements FactQuery<SlurpQuery.Answer> {
    /** What slurp finds: {@code base64} is null unless {@code problem} is. */
    public record Answer(String base64, String problem) {}

    @Override
    public String key() {
        return "slurp:" + path;
    }

    @Override
    public String script() {
        String p = Shell.quote(path);
        return "if [ -d " + p + " ]; then echo directory; elif [ ! -e " + p + " ]; then echo absent; "
                + "elif c=$(base64 -w0 < " + p + " 2>&1); then printf 'content\\n%s\\n' \"$c\"; else printf 'unreadable\\n%s\\n' \"$c\"; fi";
    }

    @Override
    public Answer parse(String output) {
        String[] lines = output.split("\n", 2);
        String rest = lines.length > 1 ? lines[1].strip() : "";
        return switch (lines[0].strip()) {
            case "content" -> new Answer(rest, null);
            case "directory" -> new Answer(null, "source is a directory and must be a file");
            case "absent" -> new Answer(null, "file not found: " + path);
            default -> new Answer(null, "file is not readable: " + path + (rest.isEmpty() ? "" : " (" + rest + ")"));
        };
    }
}
