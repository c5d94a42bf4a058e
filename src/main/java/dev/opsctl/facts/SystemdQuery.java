package dev.opsctl.facts;

/**
 * Whether systemd runs the host, tested as Ansible's {@code is_systemd_managed} does: systemctl is installed and
 * one of systemd's run-time directories exists.
 */
public record SystemdQuery() implements FactQuery<Boolean> {
    /** The test itself, for snippets that branch on it (the service queries). */
    public static final String TEST = "command -v systemctl >/dev/null 2>&1 && { [ -d /run/systemd/system/ ] || [ -d /dev/.run/systemd/ ] "
            + "|| [ -d /dev/.systemd/ ]; }";

    @Override
    public String key() {
        return "systemd-managed";
    }

    /** Sets no variables and starts at most one process (command -v is a builtin): no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        return "if " + TEST + "; then echo yes; else echo no; fi";
    }

    @Override
    public Boolean parse(String output) {
        return output.strip().equals("yes");
    }
}
