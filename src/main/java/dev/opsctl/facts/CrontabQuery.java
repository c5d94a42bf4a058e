package dev.opsctl.facts;

import dev.opsctl.transport.Shell;

/**
 * A user's crontab as {@code crontab -l} prints it (the running user's when {@code user} is null). The text is exact,
 * trailing newline included: the cron module compares it byte for byte.
 */
public record CrontabQuery(String user) implements FactQuery<CrontabQuery.Crontab> {
    private static final String END = "@opsctl-crontab-rc=";

    /** A crontab: {@code text} is null when the user has none; {@code toolMissing} when the host has no crontab command. */
    public record Crontab(String text, boolean toolMissing) {
        public static final Crontab NONE = new Crontab(null, false);
    }

    @Override
    public String key() {
        return "crontab:" + (user == null ? "" : user);
    }

    @Override
    public String script() {
        String list = user == null ? Shell.command("crontab", "-l") : Shell.command("crontab", "-u", user, "-l");
        // The exit code follows the text on a line of its own only when the text ends with a newline: parse from the end.
        return "if command -v crontab >/dev/null 2>&1; then " + list + " 2>/dev/null; echo " + END + "$?; else echo " + END + "none; fi";
    }

    @Override
    public Crontab parse(String output) {
        int at = output.lastIndexOf(END);
        String rc = at < 0 ? "none" : output.substring(at + END.length()).strip();
        if (rc.equals("none")) return new Crontab(null, true);
        return rc.equals("0") ? new Crontab(output.substring(0, at), false) : Crontab.NONE;
    }
}
