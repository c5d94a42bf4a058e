package dev.opsctl.module;

import dev.opsctl.transport.Payload;

/** Controller-side services a module's {@code parse} may use: local files and templates (copy src, template src). */
public interface ModuleContext {
    /** Reads a local file named by a task (relative names are searched like Ansible: role/playbook {@code files/}, then the playbook's directory). */
    byte[] readFile(String src);

    /** {@link #readFile}; with {@code decrypt} false a vaulted file is read as it is stored (copy's {@code decrypt: false}). */
    default byte[] readFile(String src, boolean decrypt) {
        return readFile(src);
    }

    /**
     * {@link #readFile(String, boolean)} as content to send: a large file is not read into memory but streamed from
     * disk when written (its digests taken in one bounded pass).
     */
    default Payload readPayload(String src, boolean decrypt) {
        return Payload.of(readFile(src, decrypt));
    }

    /**
     * Whether a change to a file's content needs a unified diff: asked for ({@code --diff}) or carried by the report.
     * Without it planners build none, so a plan costs no more than the content's digest.
     */
    default boolean diffWanted() {
        return true;
    }

    /** Renders a local template file (searched in {@code templates/}, then the playbook's directory) with the host's variables, as Ansible's template module does. */
    String renderTemplate(String src);
}
