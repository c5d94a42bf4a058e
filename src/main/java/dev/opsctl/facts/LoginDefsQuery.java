package dev.opsctl.facts;

/**
 * What /etc/login.defs tells useradd and Ansible's user module: USERGROUPS_ENAB (a new user gets a group of its own
 * name) and UMASK (the mode of a home Ansible creates). One answer per host, whatever the users.
 */
public record LoginDefsQuery() implements FactQuery<LoginDefsQuery.LoginDefs> {
    /** {@code umask} is -1 when login.defs sets none. */
    public record LoginDefs(boolean userGroups, int umask) {}

    @Override
    public String key() {
        return "login-defs";
    }

    /** Only sets its scratch variables {@code k} and {@code v}: no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        // grep, not the shell's read: dash and busybox read a file one byte per system call, and login.defs is mostly
        // comments (12 KiB on Debian: 6-7 ms of the host's CPU against 1 ms for a grep). The loop stays for a host
        // without grep; it prints the same "KEY VALUE" lines.
        return "if [ -r /etc/login.defs ]; then if command -v grep >/dev/null 2>&1; then "
                + "grep -E '^[[:space:]]*(USERGROUPS_ENAB|UMASK)[[:space:]]' /etc/login.defs; "
                + "else while read -r k v || [ -n \"$k\" ]; do "
                + "case $k in USERGROUPS_ENAB|UMASK) printf '%s %s\\n' \"$k\" \"$v\";; esac; done < /etc/login.defs; fi; fi";
    }

    @Override
    public LoginDefs parse(String output) {
        boolean userGroups = false;
        int umask = -1;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.matches("USERGROUPS_ENAB\\s+yes")) userGroups = true;
            else if (line.matches("UMASK\\s+[0-7]+")) umask = Integer.parseInt(line.split("\\s+")[1], 8);
        }
        return new LoginDefs(userGroups, umask);
    }
}
