package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * The group {@code name} from the host's group database: /etc/group, else {@code getent group} (a directory's group).
 * An all-digit name is looked up as a gid, as {@code getent group 1500} does (Ansible's {@code group: 1500}).
 */
public record GroupQuery(String name) implements FactQuery<GroupState> {
    @Override
    public String key() {
        return "group:" + name;
    }

    /** Only sets its scratch variables ({@code g}, {@code f}, {@code l}, {@code r}): no subshell needed. */
    @Override
    public boolean isolated() {
        return false;
    }

    @Override
    public String script() {
        // getent looks an all-digit key up as a gid only (glibc, musl), so the file is matched the same way.
        boolean byGid = name.matches("[0-9]+");
        String match = byGid
                ? "*:*:*) r=${l#*:*:}; if [ \"${r%%:*}\" = \"$g\" ]; then f=$l; break; fi;;"
                : "\"$g\":*) f=$l; break;;";
        // Files first, then getent for a group only a directory (LDAP, sssd) knows: with NSS's usual "files" first,
        // the answer getent would give, without starting a process for a local group.
        return "g=" + Shell.quote(byGid ? name.replaceFirst("^0+(?=.)", "") : name) + "; f=; "
                + eachLine("/etc/group", "case $l in " + match + " esac") + "; "
                + "if [ -z \"$f\" ] && command -v getent >/dev/null 2>&1; then f=$(getent group -- \"$g\")"
                + (byGid ? "" : "; case $f in \"$g\":*) ;; *) f= ;; esac") + "; fi; "
                + "if [ -n \"$f\" ]; then printf '%s\\n' \"$f\"; fi";
    }

    /**
     * A loop over the lines of {@code file} (when readable) running {@code body} with the line in {@code l}; a last
     * line without a newline counts too. The shell reads the file itself: no process, unlike awk, grep or cut.
     */
    static String eachLine(String file, String body) {
        return "if [ -r " + file + " ]; then while IFS= read -r l || [ -n \"$l\" ]; do " + body + "; done < " + file + "; fi";
    }

    @Override
    public GroupState parse(String output) {
        String line = output.strip();
        if (line.isEmpty()) return GroupState.ABSENT;
        return parseLine(line);
    }

    /** A group database line: {@code name:x:gid:member,member}. */
    static GroupState.Present parseLine(String line) {
        String[] f = line.split(":", -1);
        List<String> members = new ArrayList<>();
        if (f.length > 3) {
            for (String m : f[3].split(",")) if (!m.isBlank()) members.add(m.strip());
        }
        return new GroupState.Present(f[0], Integer.parseInt(f[2].strip()), members);
    }
}
