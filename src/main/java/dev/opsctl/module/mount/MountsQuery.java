package dev.opsctl.module.mount;

import dev.opsctl.facts.FactQuery;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What is mounted on the host, by mount point, read from {@code /proc/self/mountinfo} the way ansible.posix's
 * {@code get_linux_mounts} reads it: a bind mount's source is the directory it shows, not the device.
 */
public record MountsQuery() implements FactQuery<Map<String, MountsQuery.Mounted>> {
    /**
     * One mount: its source as Ansible reads it (a bind mount's directory), the source as mountinfo names it (a device,
     * {@code tmpfs}), filesystem type and options.
     */
    public record Mounted(String src, String device, String fstype, String opts) {}

    @Override
    public String key() {
        return "mounts";
    }

    @Override
    public String script() {
        return "cat /proc/self/mountinfo";
    }

    @Override
    public Map<String, Mounted> parse(String output) {
        record Line(int id, int parent, String root, String dst, String opts, String fs, String src) {}
        Map<Integer, Line> byId = new LinkedHashMap<>();
        for (String l : output.split("\n")) {
            String[] f = l.strip().split("\\s+");
            if (f.length < 10) continue;
            Line line = new Line(Integer.parseInt(f[0]), Integer.parseInt(f[1]), unescape(f[3]), unescape(f[4]), f[5],
                    f[f.length - 3], unescape(f[f.length - 2]));
            byId.put(line.id(), line);
        }
        Map<String, Mounted> mounts = new HashMap<>();
        for (Line m : byId.values()) {
            Line parent = byId.get(m.parent());
            String src = m.src();
            if (m.parent() != 1 && parent != null) {
                String root = m.root();
                if (parent.root().length() > 1 && root.startsWith(parent.root() + "/")) root = root.substring(parent.root().length());
                src = parent.dst().equals("/") ? root : parent.dst() + root;
            }
            mounts.put(m.dst(), new Mounted(src, m.src(), m.fs(), m.opts()));
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) return field;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
