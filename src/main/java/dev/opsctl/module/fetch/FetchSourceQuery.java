package dev.opsctl.module.fetch;

import dev.opsctl.facts.FactQuery;
import dev.opsctl.transport.Shell;

/**
 * What fetch needs to know of its source before any transfer, as Ansible's stat with {@code follow: true} tells it:
 * absent, a directory, or a file and its SHA-1 (the checksum Ansible compares with the controller's copy).
 */
record FetchSourceQuery(String src) implements FactQuery<FetchSourceQuery.Source> {
    /** The source: {@code kind} is absent, directory, file or unreadable; {@code sha1} only for a file. */
    record Source(String kind, String sha1) {}

    @Override
    public String key() {
        return "fetch-source:" + src;
    }

    /** Asked when its task runs in apply, after earlier tasks' changes to the file were carried out. */
    @Override
    public boolean upFront() {
        return false;
    }

    @Override
    public String script() {
        return "p=" + Shell.path(src) + "; if [ -d \"$p\" ]; then echo directory; elif [ -e \"$p\" ]; then "
                + "if s=$(sha1sum < \"$p\"); then echo \"file ${s%% *}\"; else echo unreadable; fi; else echo absent; fi";
    }

    @Override
    public Source parse(String output) {
        String[] w = output.strip().split(" ", 2);
        return new Source(w[0].isEmpty() ? "absent" : w[0], w.length > 1 ? w[1] : null);
    }
}
