package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * The user {@code name}: its passwd entry (/etc/passwd, else getent), primary group name, the groups listing it as a
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

    /** Only sets scratch variables of its own and does not cd: no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        // The shell reads /etc/passwd, /etc/group and /etc/shadow itself; only a user or group that is not in the files
        // (a directory's: LDAP, sssd) costs a getent.
        String member = "case $l in *:*:*:*) r=${l#*:*:*:}; case ,${r%%:*}, in *,\"$u\",*) printf 'member %s\\n' \"${l%%:*}\";; esac;; esac";
        return "u=" + Shell.quote(name) + "; " + passwdEntry("\"$u\"") + "; "
                + "if [ -z \"$pw\" ]; then echo absent; else "
                + "printf 'passwd %s\\n' \"$pw\"; "
                + "r=${pw#*:*:*:}; gid=${r%%:*}; r=${r#*:*:}; home=${r%%:*}; "
                + "gl=; " + GroupQuery.eachLine("/etc/group",
                        "case $l in *:*:*) r=${l#*:*:}; if [ \"${r%%:*}\" = \"$gid\" ]; then gl=$l; break; fi;; esac") + "; "
                + "if [ -z \"$gl\" ] && command -v getent >/dev/null 2>&1; then gl=$(getent group -- \"$gid\"); fi; "
                + "if [ -n \"$gl\" ]; then printf 'group %s\\n' \"${gl%%:*}\"; fi; "
                // Membership lists come from every group source (Ansible enumerates with getgrall): /etc/group alone
                // answers only where nsswitch.conf names no source for groups beyond files (and systemd's, which
                // lists no members); elsewhere getent enumerates them all.
                + "nss=files; if [ -r /etc/nsswitch.conf ]; then while read -r l; do case $l in group:*) "
                + "for w in ${l#group:}; do case $w in files|systemd|\\[*) ;; *) nss=getent;; esac; done;; esac; "
                + "done < /etc/nsswitch.conf; fi; "
                + "if [ $nss = getent ] && command -v getent >/dev/null 2>&1; then getent group | while IFS= read -r l; do "
                + member + "; done; else " + GroupQuery.eachLine("/etc/group", member) + "; fi; "
                + "if [ -r /etc/shadow ]; then " + GroupQuery.eachLine("/etc/shadow",
                        "case $l in \"$u\"|\"$u\":*) r=${l#\"$u\"}; r=${r#:}; printf 'shadow %s\\n' \"${r%%:*}\"; break;; esac")
                + "; else echo shadow-unreadable; fi; "
                + "if [ -e \"$home\" ]; then echo home-exists; fi; "
                // "$d/." resolves exactly when cd "$home" would succeed (a directory the connecting user may search,
                // always for root); an empty home is the current directory, as for cd. Paths instead of a cd keep the
                // batch's shell where it was.
                + "d=${home:-.}; if [ -e \"$d/.\" ]; then "
                + "echo " + SSH_DIR + "; " + FileQuery.script("\"$d/.ssh\"", false) + "; "
                + "echo " + KEYS + "; " + FileQuery.script("\"$d/.ssh/authorized_keys\"", true) + "; "
                + "elif [ -e \"$home\" ]; then echo ssh-unreadable; "
                + "else echo " + SSH_DIR + "; echo absent; echo " + KEYS + "; echo absent; fi; "
                + "fi";
    }

    /** A snippet printing the passwd line of the user named by the shell word {@code user}, or nothing. */
    public static String passwdLine(String user) {
        return "{ " + passwdEntry(user) + "; if [ -n \"$pw\" ]; then printf '%s\\n' \"$pw\"; fi; }";
    }

    /**
     * Sets {@code pw} to the passwd line of the user named by the shell word {@code user}, or to nothing: /etc/passwd
     * first, getent only for a user not in it. That is NSS's own order where "files" comes first (the default), and
     * getent's answer is kept only for that exact name (it looks an all-digit key up as a uid).
     */
    static String passwdEntry(String user) {
        return "pw=; " + GroupQuery.eachLine("/etc/passwd", "case $l in " + user + ":*) pw=$l; break;; esac") + "; "
                + "if [ -z \"$pw\" ] && command -v getent >/dev/null 2>&1; then pw=$(getent passwd -- " + user + "); "
                + "case $pw in " + user + ":*) ;; *) pw= ;; esac; fi";
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
