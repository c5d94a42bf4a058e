package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * The user {@code name}: its passwd entry (getent, or /etc/passwd), primary group name, the groups listing it as a
 * member, its /etc/shadow password field when readable, whether its home exists, and its {@code ~/.ssh} and
 * {@code ~/.ssh/authorized_keys} (so authorized_key can plan without knowing the home in advance).
 */
public record UserQuery(String name) implements FactQuery<UserState> {
    private static final String SSH_DIR = "@@ssh-dir";
    private static final String KEYS = "@@authorized-keys";

    @Override
    public String key() {
        return "user:" + name;
    }

    @Override
    public String script() {
        String awkFirst = Shell.quote("$1 == ENVIRON[\"U\"] { print; exit }");
        String awkMember = Shell.quote("{ n = split($4, m, \",\"); for (i = 1; i <= n; i++) if (m[i] == ENVIRON[\"U\"]) { print \"member \" $1; break } }");
        String awkShadow = Shell.quote("$1 == ENVIRON[\"U\"] { print \"shadow \" $2; exit }");
        String awkGid = Shell.quote("$3 == ENVIRON[\"G\"] { print \"group \" $1; exit }");
        return "u=" + Shell.quote(name) + "; "
                + "pw=$(" + passwdLine("\"$u\"") + "); "
                + "if [ -z \"$pw\" ]; then echo absent; else "
                + "printf 'passwd %s\\n' \"$pw\"; "
                + "gid=$(printf %s \"$pw\" | cut -d: -f4); home=$(printf %s \"$pw\" | cut -d: -f6); "
                + GroupQuery.database("group", "\"$gid\"") + " | G=\"$gid\" awk -F: " + awkGid + "; "
                + GroupQuery.database("group", "") + " | U=\"$u\" awk -F: " + awkMember + "; "
                + "if [ -r /etc/shadow ]; then U=\"$u\" awk -F: " + awkShadow + " /etc/shadow; else echo shadow-unreadable; fi; "
                + "if [ -e \"$home\" ]; then echo home-exists; fi; "
                // Relative FileQuery scripts after cd: the same stat output, for a path known only on the host.
                + "if cd -- \"$home\" 2>/dev/null; then "
                + "echo " + SSH_DIR + "; ( " + new FileQuery(".ssh", false).script() + " ); "
                + "echo " + KEYS + "; ( " + new FileQuery(".ssh/authorized_keys", true).script() + " ); "
                + "elif [ -e \"$home\" ]; then echo ssh-unreadable; "
                + "else echo " + SSH_DIR + "; echo absent; echo " + KEYS + "; echo absent; fi; "
                + "fi";
    }

    /** A snippet printing the passwd line of the user named by the shell word {@code user}, or nothing. */
    public static String passwdLine(String user) {
        return GroupQuery.database("passwd", user) + " | U=" + user + " awk -F: " + Shell.quote("$1 == ENVIRON[\"U\"] { print; exit }");
    }

    @Override
    public UserState parse(String output) {
        if (output.strip().equals("absent") || output.isBlank()) return UserState.ABSENT;
        int ssh = output.indexOf("\n" + SSH_DIR + "\n");
        String head = ssh < 0 ? output : output.substring(0, ssh);
        String[] pw = null;
        String group = null;
        String password = null;
        boolean homeExists = false;
        List<String> groups = new ArrayList<>();
        for (String line : head.split("\n")) {
            if (line.startsWith("passwd ")) pw = passwdFields(line.substring(7));
            else if (line.startsWith("group ")) group = line.substring(6);
            else if (line.startsWith("member ")) groups.add(line.substring(7));
            else if (line.startsWith("shadow ")) password = line.substring(7);
            else if (line.equals("home-exists")) homeExists = true;
            else if (line.equals("ssh-unreadable")) ssh = -1;
        }
        if (pw == null) throw new IllegalArgumentException("user query for " + name + ": unexpected output: " + output);
        FileState dir = null;
        FileState keys = null;
        if (ssh >= 0) {
            String rest = output.substring(ssh + SSH_DIR.length() + 2);
            int k = rest.indexOf("\n" + KEYS + "\n");
            dir = new FileQuery(".ssh", false).parse(rest.substring(0, k));
            keys = new FileQuery(".ssh/authorized_keys", true).parse(rest.substring(k + KEYS.length() + 2));
        }
        int gid = Integer.parseInt(pw[3]);
        // A user in the shadow file without a line there (or with an empty password field) is still readable: "".
        if (password == null && !head.contains("shadow-unreadable")) password = "";
        return new UserState.Present(pw[0], Integer.parseInt(pw[2]), gid, group != null ? group : String.valueOf(gid),
                groups, pw[4], pw[5], pw[6], password, homeExists, dir, keys);
    }

    /** The seven fields of a passwd line, or null when it is not one. */
    public static String[] passwdFields(String line) {
        String[] f = line.split(":", -1);
        return f.length == 7 && f[2].matches("\\d+") && f[3].matches("\\d+") ? f : null;
    }
}
