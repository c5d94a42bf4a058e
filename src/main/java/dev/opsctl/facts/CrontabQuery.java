package dev.opsctl.facts;

import dev.opsctl.transport.Shell;

/**
 * A user's crontab as {@code crontab -l} prints it (the running user's when {@code user} is null). The text is exact,
 * trailing newline included: the cron module compares it byte for byte.
 */
public record CrontabQuery(String user) implements FactQuery<CrontabQuery.Crontab> {
    private static final String END = "@opsctl-crontab-rc=";

    /**
     * A crontab: {@code text} is null when the user has none; {@code toolMissing} when the host has no crontab
     * command. {@code runningUser} is who the query ran as: a task without {@code user} edits that user's crontab.
     */
    public record Crontab(String text, boolean toolMissing, String runningUser) {
        public Crontab withText(String t) {
            return new Crontab(t, false, runningUser);
        }
    }

    @Override
    public String key() {
        return "crontab:" + (user == null ? "" : user);
    }

    @Override
    public String script() {
        String list = user == null ? Shell.command("crontab", "-l") : Shell.command("crontab", "-u", user, "-l");
        // The exit code follows the text on a line of its own only when the text ends with a newline: parse from the end.
        return "id -un; if command -v crontab >/dev/null 2>&1; then " + list + " 2>/dev/null; echo " + END + "$?; else echo " + END + "none; fi";
    }

    @Override
    public Crontab parse(String output) {
        int nl = output.indexOf('\n');
        String running = nl < 0 ? output.strip() : output.substring(0, nl).strip();
        String rest = nl < 0 ? "" : output.substring(nl + 1);
        int at = rest.lastIndexOf(END);
        String rc = at < 0 ? "none" : rest.substring(at + END.length()).strip();
        if (rc.equals("none")) return new Crontab(null, true, running);
        return new Crontab(rc.equals("0") ? rest.substring(0, at) : null, false, running);
    }
}
