package dev.opsctl.facts;

import dev.opsctl.transport.Shell;
import java.util.ArrayList;
import java.util.List;

/**
 * The group {@code name} from the host's group database ({@code getent group}, or /etc/group where there is no
 * getent). An all-digit name is looked up as a gid first, as Ansible's user module does for {@code group: 1500}.
 */
public record GroupQuery(String name) implements FactQuery<GroupState> {
    @Override
    public String key() {
        return "group:" + name;
    }

    @Override
    public String script() {
        return "g=" + Shell.quote(name) + "; "
                + database("group", "\"$g\"") + " | G=\"$g\" awk -F: "
                + Shell.quote("ENVIRON[\"G\"] ~ /^[0-9]+$/ && $3 == ENVIRON[\"G\"] { print; exit } $1 == ENVIRON[\"G\"] { print; exit }");
    }

    /**
     * A snippet that prints entries of {@code db} (passwd, group): {@code getent db KEY} where getent exists, else the
     * whole file; callers filter with awk, so both forms give the same answer. {@code key} is a shell word, or empty.
     */
    static String database(String db, String key) {
        return "{ if command -v getent >/dev/null 2>&1; then getent " + db + (key.isEmpty() ? "" : " " + key)
                + "; else cat /etc/" + db + "; fi; }";
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
