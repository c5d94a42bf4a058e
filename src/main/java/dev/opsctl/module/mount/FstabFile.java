package dev.opsctl.module.mount;

import java.util.ArrayList;
import java.util.List;

/**
 * An fstab edited the way ansible.posix's mount module edits it on Linux: the line for a mount point is matched by its
 * second field (for swap, {@code none}, by its source), rewritten as {@code src path fstype opts dump passno} with
 * single spaces only when a field differs, appended when missing; other lines stay as they are.
 */
record FstabFile(List<String> lines) {
    /** The fields of a wanted entry, unescaped; {@code src} is null when the task gave none. */
    record Entry(String src, String path, String fstype, String opts, String dump, String passno) {
        String line() {
            return escape(src) + " " + escape(path) + " " + escape(fstype) + " " + escape(opts) + " " + escape(dump) + " "
                    + escape(passno) + "\n";
        }
    }

    /** The result of an edit: the new text and whether it differs. */
    record Edit(String text, boolean changed) {}

    static FstabFile parse(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return new FstabFile(lines);
    }

    /** Space, ampersand and backslash as fstab writes them ({@code \040}, {@code \046}, {@code \134}). */
    static String escape(String v) {
        return v == null ? "None" : v.replace("\\", "\\134").replace(" ", "\\040").replace("&", "\\046");
    }

    private static boolean isEntry(String line) {
        return !line.isBlank() && !line.strip().startsWith("#");
    }

    /** Whether {@code fields} is the line for {@code e}'s mount point. */
    private static boolean matches(String[] fields, Entry e) {
        if (!fields[1].equals(escape(e.path()))) return false;
        // Swap lines share the mount point "none": the source tells them apart (compared unescaped, as Ansible does).
        return !(e.src() != null && fields[1].equals("none") && fields[2].equals("swap") && !fields[0].equals(e.src()));
    }

    /** The file with {@code e} present (ansible.posix's {@code _set_mount_save_old}). */
    Edit set(Entry e) {
        StringBuilder out = new StringBuilder();
        boolean exists = false;
        boolean changed = false;
        String[] want = {escape(e.src()), escape(e.path()), escape(e.fstype()), escape(e.opts()), escape(e.dump()), escape(e.passno())};
        for (String raw : lines) {
            String line = raw.endsWith("\n") ? raw : raw + "\n";
            String[] fields = line.strip().split("\\s+");
            if (!isEntry(line) || fields.length < 4 || fields.length > 6 || !matches(fields, e)) {
                out.append(line);
                continue;
            }
            exists = true;
            // A missing dump or passno is read as the number 0, which never equals the string '0': such a line is rewritten.
            boolean differs = false;
            for (int i = 0; i < 6; i++) {
                if (i == 1) continue;
                if (i >= fields.length || !fields[i].equals(want[i])) differs = true;
            }
            if (differs) {
                changed = true;
                out.append(String.join(" ", want)).append('\n');
            } else {
                out.append(line);
            }
        }
        if (!exists) {
            out.append(e.line());
            changed = true;
        }
        return new Edit(out.toString(), changed);
    }

    /** The file without the line for {@code e}'s mount point (ansible.posix's {@code unset_mount}: only six-field lines count). */
    Edit unset(Entry e) {
        StringBuilder out = new StringBuilder();
        boolean changed = false;
        for (String line : lines) {
            String[] fields = line.strip().split("\\s+");
            if (isEntry(line) && fields.length == 6 && matches(fields, e)) {
                changed = true;
                continue;
            }
            out.append(line);
        }
        return new Edit(out.toString(), changed);
    }
}
