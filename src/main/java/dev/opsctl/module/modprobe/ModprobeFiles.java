package dev.opsctl.module.modprobe;

import dev.opsctl.module.ArgException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * modprobe.py's persistence: a module listed in {@code /etc/modules-load.d} and its options in {@code /etc/modprobe.d}.
 * Lines are commented out as modprobe.py does it, its quirk included: a file it edits is written back as its lines
 * joined with newlines, so every line end doubles.
 */
final class ModprobeFiles {
    static final String LOAD_DIR = "/etc/modules-load.d";
    static final String OPTIONS_DIR = "/etc/modprobe.d";

    private final String name;
    private final Pattern findModule;
    private final Pattern findParams;
    private final Pattern paramValue;

    ModprobeFiles(String name) {
        this.name = name;
        try {
            // The name goes into the expressions as it is, as modprobe.py puts it there.
            findModule = Pattern.compile("^ *" + name + " *(?:[#;].*)?\\n?\\z", Pattern.UNIX_LINES);
            findParams = Pattern.compile("^options " + name + " \\w+=\\S+ *(?:[#;].*)?\\n?\\z", Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
            paramValue = Pattern.compile("^options " + name + " (\\w+=\\S+) *(?:[#;].*)?\\n?\\z", Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw new ArgException("argument 'name': '" + name + "' cannot be matched as modprobe.py matches it: " + e.getDescription());
        }
    }

    /** Whether a file of modules-load.d lists the module. */
    boolean loadedPersistently(Map<String, String> loadFiles) {
        for (String text : loadFiles.values()) for (String line : lines(text)) if (findModule.matcher(line).matches()) return true;
        return false;
    }

    /** The {@code key=value} options modprobe.d sets for the module (one per options line, as modprobe.py reads them). */
    Set<String> permanentParams(Map<String, String> optionFiles) {
        Set<String> params = new LinkedHashSet<>();
        for (String text : optionFiles.values()) {
            for (String line : lines(text)) {
                var m = paramValue.matcher(line);
                if (m.matches()) params.add(m.group(1));
            }
        }
        return params;
    }

    /** The files {@code persistent: present} writes (path to new text), in the order modprobe.py writes them. */
    Map<String, String> present(Map<String, String> loadFiles, Map<String, String> optionFiles, String params) {
        Map<String, String> writes = new LinkedHashMap<>();
        if (!loadedPersistently(loadFiles)) writes.put(LOAD_DIR + "/" + name + ".conf", name + "\n");
        if (!new LinkedHashSet<>(words(params)).equals(permanentParams(optionFiles))) {
            writes.putAll(commentOut(optionFiles, findParams));
            List<String> lines = new ArrayList<>();
            for (String p : words(params)) lines.add("options " + name + " " + p);
            writes.put(OPTIONS_DIR + "/" + name + ".conf", String.join("\n", lines) + "\n");
        }
        return writes;
    }

    /** The files {@code persistent: absent} writes. */
    Map<String, String> absent(Map<String, String> loadFiles, Map<String, String> optionFiles) {
        Map<String, String> writes = new LinkedHashMap<>();
        if (loadedPersistently(loadFiles)) writes.putAll(commentOut(loadFiles, findModule));
        if (!permanentParams(optionFiles).isEmpty()) writes.putAll(commentOut(optionFiles, findParams));
        return writes;
    }

    private static Map<String, String> commentOut(Map<String, String> files, Pattern line) {
        Map<String, String> writes = new LinkedHashMap<>();
        files.forEach((path, text) -> {
            List<String> lines = lines(text);
            boolean changed = false;
            for (int i = 0; i < lines.size(); i++) {
                if (line.matcher(lines.get(i)).matches()) {
                    lines.set(i, "#" + lines.get(i));
                    changed = true;
                }
            }
            if (changed) writes.put(path, String.join("\n", lines));
        });
        return writes;
    }

    /** Python's {@code str.split()}: the words between runs of whitespace. */
    static List<String> words(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** Python's readlines: each line with its newline. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    static Map<String, String> texts(Map<String, ? extends dev.opsctl.facts.FileState.Present> files) {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((path, f) -> out.put(path, new String(f.content(), StandardCharsets.UTF_8)));
        return out;
    }
}
