package dev.opsctl.module.aptrepository;

/**
 * One line of a sources file as apt_repository.py's {@code _parse} reads it: whether it is a deb/deb-src entry,
 * whether it is enabled (not commented out), the entry with its whitespace normalised, and a trailing comment.
 */
record SourceLine(boolean valid, boolean enabled, String source, String comment) {
    static SourceLine parse(String raw) {
        String line = raw.strip();
        boolean enabled = true;
        if (line.startsWith("#")) {
            enabled = false;
            line = line.substring(1);
        }
        String comment = "";
        int hash = line.indexOf('#');
        if (hash > 0) {
            comment = line.substring(hash + 1).strip();
            line = line.substring(0, hash);
        }
        String source = line.strip();
        boolean valid = false;
        if (!source.isEmpty()) {
            String[] chunks = source.split("\\s+");
            if (chunks[0].equals("deb") || chunks[0].equals("deb-src")) {
                valid = true;
                source = String.join(" ", chunks);
            }
        }
        return new SourceLine(valid, enabled, source, comment);
    }

    SourceLine enabled(boolean on) {
        return new SourceLine(valid, on, source, comment);
    }

    /** The line as apt_repository.py writes it back. */
    String dump() {
        return (enabled ? "" : "# ") + source + (comment.isEmpty() ? "" : " # " + comment) + "\n";
    }
}
