package dev.opsctl.module;

/** Controller-side services a module's {@code parse} may use: local files and templates (copy src, template src). */
public interface ModuleContext {
    /** Reads a local file named by a task (relative names are searched like Ansible: role/playbook {@code files/}, then the playbook's directory). */
    byte[] readFile(String src);

    /** {@link #readFile}; with {@code decrypt} false a vaulted file is read as it is stored (copy's {@code decrypt: false}). */
    default byte[] readFile(String src, boolean decrypt) {
        return readFile(src);
    }

    /** Renders a local template file (searched in {@code templates/}, then the playbook's directory) with the host's variables, as Ansible's template module does. */
    String renderTemplate(String src);
}
