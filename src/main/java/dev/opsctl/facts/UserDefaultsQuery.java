package dev.opsctl.facts;

import dev.opsctl.transport.Shell;

/**
 * What useradd will do on this host for the user {@code user}: whether it is there and its defaults
 * ({@code useradd -D}). /etc/login.defs' part is {@link LoginDefsQuery}'s.
 */
public record UserDefaultsQuery(String user) implements FactQuery<UserDefaultsQuery.Defaults> {
    /**
     * useradd's defaults. {@code group} is the gid a new user gets without a group of its own (-1 unknown).
     * {@code homeBase}, {@code shell} and {@code group} come from {@code useradd -D}, which runs only when the user is
     * not there yet (only creating the user needs them): for a user that exists they are /home, "" and -1.
     */
    public record Defaults(boolean useradd, String homeBase, String shell, int group) {
        /** The home useradd gives {@code user} when none is asked for. */
        public String home(String user) {
            return (homeBase.endsWith("/") ? homeBase : homeBase + "/") + user;
        }
    }

    @Override
    public String key() {
        return "useradd-defaults:" + user;
    }

    /** Only sets its scratch variables ({@code u}, {@code pw}, {@code l}): no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        // useradd -D, a process on the host, runs only for a user still to be made: a run that changes nothing starts none.
        return "if command -v useradd >/dev/null 2>&1; then echo useradd; u=" + Shell.quote(user) + "; "
                + UserQuery.passwdEntry("\"$u\"") + "; if [ -z \"$pw\" ]; then useradd -D; fi; fi";
    }

    @Override
    public Defaults parse(String output) {
        boolean useradd = false;
        String home = "/home";
        String shell = "";
        int group = -1;
        for (String raw : output.split("\n")) {
            String line = raw.strip();
            if (line.equals("useradd")) useradd = true;
            else if (line.startsWith("HOME=")) home = line.substring(5);
            else if (line.startsWith("SHELL=")) shell = line.substring(6);
            else if (line.matches("GROUP=\\d+")) group = Integer.parseInt(line.substring(6));
        }
        return new Defaults(useradd, home, shell, group);
    }
}
