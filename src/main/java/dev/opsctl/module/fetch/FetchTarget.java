package dev.opsctl.module.fetch;

import dev.opsctl.facts.FactQuery;

/**
 * Not a question for the host: the key under which a fetch plan records what it decided on the controller (the file
 * it writes and the checksums), so {@code register} can report it. Never asked: its script prints nothing.
 */
record FetchTarget(String src) implements FactQuery<FetchTarget.Decided> {
    /** The controller's side of one fetch: where, the remote file's SHA-1, the local one's before (null: none). */
    record Decided(String dest, String remoteSha1, String localSha1) {}

    @Override
    public String key() {
        return "controller-fetch:" + src;
    }

    @Override
    public String script() {
        return ":";
    }

    @Override
    public Decided parse(String output) {
        return null;
    }
}
