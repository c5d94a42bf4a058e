package dev.opsctl.module.unarchive;

import dev.opsctl.facts.FileState;

/**
 * One member of an archive: its path (no trailing '/'), kind and the metadata extraction gives it. {@code mode},
 * {@code uid}, {@code gid} and {@code mtime} are -1 where the format does not say (zip), {@code content} is null
 * for anything but a regular file.
 */
record ArchiveEntry(String name, FileState.Kind kind, int mode, int uid, int gid, long mtime, long size, byte[] content) {}
