package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The fact snippet's output, split into key=value lines, raw blocks, and the trailing {@code export -p} listing. */
record FactOutput(Map<String, List<String>> values, Map<String, List<String>> blocks, String env) {
    static FactOutput read(String text) {
        Map<String, List<String>> values = new HashMap<>();
        Map<String, List<String>> blocks = new HashMap<>();
        String env = null;
        String[] lines = text.split("\n", -1);
        List<String> block = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.equals("@env")) {
                env = String.join("\n", Arrays.asList(lines).subList(i + 1, lines.length));
                break;
            }
            if (line.startsWith("@")) {
                block = line.length() == 1 ? null : blocks.computeIfAbsent(line.substring(1), k -> new ArrayList<>());
            } else if (block != null) {
                block.add(line);
            } else {
                int eq = line.indexOf('=');
                if (eq > 0) values.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1));
            }
        }
        return new FactOutput(values, blocks, env);
    }

    String first(String key) {
        List<String> v = values.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    List<String> all(String key) {
        return values.getOrDefault(key, List.of());
    }

    List<String> block(String name) {
        return blocks.getOrDefault(name, List.of());
    }

    /** /etc/os-release as a map; values are unquoted as the shell would (the file is shell-compatible). */
    Map<String, String> osRelease() {
        Map<String, String> os = new HashMap<>();
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (!e.getKey().startsWith("os.")) continue;
            String key = e.getKey().substring(3);
            String raw = e.getValue().get(0);
            List<String> words;
            try {
                words = Shell.split(raw);
            } catch (IllegalArgumentException badQuotes) {
                words = List.of(raw);
            }
            os.put(key, String.join(" ", words));
        }
        return os;
    }

    static void putInt(Map<String, Object> facts, String name, String value) {
        Integer i = value == null ? null : parseInt(value);
        if (i != null) facts.put(name, i);
    }

    static Integer parseInt(String s) {
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int parseIntOr(String s, int fallback) {
        Integer i = parseInt(s);
        return i == null ? fallback : i;
    }

    static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
