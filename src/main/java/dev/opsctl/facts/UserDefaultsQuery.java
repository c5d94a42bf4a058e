package dev.opsctl.facts;

import dev.opsctl.transport.Shell;

/**
 * What useradd will do on this host for the user {@code user}: whether it is there, its defaults ({@code useradd -D})
 * and /etc/login.defs' USERGROUPS_ENAB (a new user gets a group of its own name) and UMASK (the mode of a home Ansible
 * creates).
 */
public record UserDefaultsQuery(String user) implements FactQuery<UserDefaultsQuery.Defaults> {
    /**
     * useradd's defaults. {@code group} is the gid a new user gets without a group of its own (-1 unknown);
     * {@code umask} is -1 when login.defs sets none. {@code homeBase}, {@code shell} and {@code group} come from
     * {@code useradd -D}, which runs only when the user is not there yet (only creating the user needs them): for a
     * user that exists they are /home, "" and -1.
     */
    public record Defaults(boolean useradd, String homeBase, String shell, int group, boolean userGroups, int umask) {
        /** The home useradd gives {@code user} when none is asked for. */
        public String home(String user) {
            return (homeBase.endsWith("/") ? homeBase : homeBase + "/") + user;
        }
    }

    @Override
    public String key() {
        return "useradd-defaults:" + user;
    }

    /** Only sets its scratch variables {@code k} and {@code v}: no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        // The shell reads login.defs itself (no grep): it prints "KEY VALUE" for the two keys, which parse() reads
        // as it read grep's whole line. useradd -D, a process on the host, runs only for a user still to be made: a
        // run that changes nothing starts none.
        return "if command -v useradd >/dev/null 2>&1; then echo useradd; u=" + Shell.quote(user) + "; "
                + UserQuery.passwdEntry("\"$u\"") + "; if [ -z \"$pw\" ]; then useradd -D; fi; fi; "
                + "if [ -r /etc/login.defs ]; then while read -r k v || [ -n \"$k\" ]; do "
                + "case $k in USERGROUPS_ENAB|UMASK) printf '%s %s\\n' \"$k\" \"$v\";; esac; done < /etc/login.defs; fi";
    }

    @Override
    public Defaults parse(String output) {
        boolean useradd = false;
        String home = "/home";
        String shell = "";
        int group = -1;
        boolean userGroups = false;
        int umask = -1;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.equals("useradd")) useradd = true;
            else if (line.startsWith("HOME=")) home = line.substring(5);
            else if (line.startsWith("SHELL=")) shell = line.substring(6);
            else if (line.matches("GROUP=\\d+")) group = Integer.parseInt(line.substring(6));
            else if (line.matches("USERGROUPS_ENAB\\s+yes")) userGroups = true;
            else if (line.matches("UMASK\\s+[0-7]+")) umask = Integer.parseInt(line.split("\\s+")[1], 8);
        }
        return new Defaults(useradd, home, shell, group, userGroups, umask);
    }
}
