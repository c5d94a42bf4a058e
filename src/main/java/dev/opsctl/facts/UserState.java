package dev.opsctl.facts;

import java.util.List;

/** A user account on a host: none by that name, or its passwd entry with what user and authorized_key compare. */
public sealed interface UserState {
    /** No such user. */
    record Absent() implements UserState {}

    /**
     * A user. {@code uid}/{@code gid} are -1 and {@code group} is {@link #UNKNOWN} where a predicted value cannot be
     * known before apply (useradd picks it). {@code groups} are the groups whose member list names the user (Ansible's
     * "current groups"), in the group database's order. {@code password} is the /etc/shadow field, or null when
     * /etc/shadow could not be read (not root) or the value is not known before apply. {@code sshDir} and
     * {@code authorizedKeys} are {@code ~/.ssh} and {@code ~/.ssh/authorized_keys} (with content).
     */
    record Present(String name, int uid, int gid, String group, List<String> groups, String comment, String home,
                   String shell, String password, boolean homeExists, FileState sshDir, FileState authorizedKeys)
            implements UserState {
        public Present {
            groups = List.copyOf(groups);
        }

        public boolean passwordReadable() {
            return password != null;
        }

        public Present withKeys(FileState dir, FileState keys) {
            return new Present(name, uid, gid, group, groups, comment, home, shell, password, homeExists, dir, keys);
        }

        /** {@code ~/.ssh}: where authorized_key manages its file by default. */
        public String sshDirPath() {
            return (home.endsWith("/") ? home : home + "/") + ".ssh";
        }

        public String authorizedKeysPath() {
            return sshDirPath() + "/authorized_keys";
        }
    }

    /** Shown for a value that is known only after apply. */
    String UNKNOWN = "(known after apply)";

    UserState ABSENT = new Absent();
}
