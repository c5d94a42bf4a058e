package dev.opsctl.facts;

import java.util.List;

/** A group on a host: none by that name (or gid), or its entry in the group database. */
public sealed interface GroupState {
    /** No such group. */
    record Absent() implements GroupState {}

    /**
     * A group. {@code gid} is -1 when unknown (a group that an earlier task of the play will create
     * without asking for a gid); {@code members} are the users its member list names, not those for
     * whom it is the primary group.
     */
    record Present(String name, int gid, List<String> members) implements GroupState {
        public Present {
            members = List.copyOf(members);
        }

        public Present withMembers(List<String> m) {
            return new Present(name, gid, m);
        }
    }

    GroupState ABSENT = new Absent();
}
