package dev.opsctl.module.sysctl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sysctl.conf as Ansible's sysctl module reads and rewrites it: every line stripped, {@code key = value} lines
 * rewritten as {@code key=value}, later duplicates of a key dropped, comments and other lines kept.
 */
record SysctlFile(List<String> lines) {
    static SysctlFile parse(String text) {
        List<String> lines = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String l : text.split("\n", -1)) lines.add(l.strip());
            // A final newline ends the last line; it does not start an empty one.
            if (text.endsWith("\n")) lines.remove(lines.size() - 1);
        }
        return new SysctlFile(lines);
    }

    private static boolean isSetting(String line) {
        return !line.isEmpty() && !line.startsWith("#") && !line.startsWith(";") && line.contains("=");
    }

    /** The value the file gives {@code name} (the last of several, as Ansible reads it), or null. */
    String value(String name) {
        String found = null;
        for (String l : lines) {
            if (!isSetting(l)) continue;
            String[] kv = l.split("=", 2);
            if (kv[0].strip().equals(name)) found = kv[1].strip();
        }
        return found;
    }

    /** The file's text once {@code name} is set to {@code value}, or removed when {@code value} is null. */
    String with(String name, String value) {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (String l : lines) {
            if (!isSetting(l)) {
                out.append(l).append('\n');
                continue;
            }
            String[] kv = l.split("=", 2);
            String k = kv[0].strip();
            if (!seen.add(k)) continue;
            if (!k.equals(name)) out.append(k).append('=').append(kv[1].strip()).append('\n');
            else if (value != null) out.append(k).append('=').append(value.strip()).append('\n');
        }
        if (value != null && !seen.contains(name)) out.append(name).append('=').append(value.strip()).append('\n');
        return out.toString();
    }
}
