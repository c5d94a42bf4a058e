package dev.opsctl.facts;

import java.nio.charset.StandardCharsets;

/** What is at a path on a host: nothing, or an entry with its metadata. */
public sealed interface FileState {
    /** Nothing at the path. */
    record Absent() implements FileState {}

    /**
     * An entry at the path. {@code content} is present for regular files that were asked for it and
     * are small enough ({@link FileQuery#CONTENT_LIMIT}); {@code sha1} for every regular file asked with content.
     * {@code uid}/{@code gid} are the numeric ids, or -1 when unknown (a predicted state set by name).
     */
    record Present(Kind kind, int mode, String owner, String group, long size, long device, long inode,
                   String linkTarget, byte[] content, String sha1, int uid, int gid) implements FileState {
        public Present(Kind kind, int mode, String owner, String group, long size, long device, long inode,
                       String linkTarget, byte[] content, String sha1) {
            this(kind, mode, owner, group, size, device, inode, linkTarget, content, sha1, -1, -1);
        }

        public String contentText() {
            return content == null ? null : new String(content, StandardCharsets.UTF_8);
        }

        public Present withMode(int m) {
            return new Present(kind, m, owner, group, size, device, inode, linkTarget, content, sha1, uid, gid);
        }

        /** Same entry with a new owner and group (names or numeric ids); an id stays known only where it can be. */
        public Present withOwnership(String o, String g) {
            return new Present(kind, mode, o, g, size, device, inode, linkTarget, content, sha1,
                    idAfter(o, owner, uid), idAfter(g, group, gid));
        }

        private static int idAfter(String newName, String oldName, int oldId) {
            if (newName.equals(oldName)) return oldId;
            return newName.matches("\\d+") ? Integer.parseInt(newName) : -1;
        }
    }

    enum Kind {
        FILE("file"), DIRECTORY("directory"), LINK("link"), OTHER("other");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    FileState ABSENT = new Absent();

    default boolean exists() {
        return this instanceof Present;
    }

    default boolean is(Kind kind) {
        return this instanceof Present p && p.kind() == kind;
    }
}
