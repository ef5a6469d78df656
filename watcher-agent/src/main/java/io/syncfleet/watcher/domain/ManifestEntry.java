package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.util.Objects;

/**
 * One entry of the watcher's manifest: what {@code lstat} said of a path below a root.
 *
 * @param path the entry, relative to {@code source.baseDir}
 * @param mode {@code st_mode}: the file type bits and the permissions
 * @param size {@code st_size}
 * @param mtimeNanos {@code st_mtime} in nanoseconds since the epoch
 * @param ctimeNanos {@code st_ctime} in nanoseconds since the epoch: moves on every change of content,
 *        name or attributes, and cannot be set by users, so a rewrite that keeps size and mtime still shows
 */
public record ManifestEntry(RelPath path, int mode, long size, long mtimeNanos, long ctimeNanos) {

    private static final int S_IFMT = 0170000;
    private static final int S_IFDIR = 0040000;

    public ManifestEntry {
        Objects.requireNonNull(path, "path");
    }

    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    /**
     * True when {@code other} shows no change a target would need. A directory is compared on its
     * mode only: its times move whenever an entry inside it does, and those entries are compared
     * themselves (a live watcher does not push a directory for them either). Anything else is
     * compared on mode, size, mtime and ctime.
     */
    public boolean sameStateAs(ManifestEntry other) {
        if (mode != other.mode) {
            return false;
        }
        return isDirectory() || (size == other.size && mtimeNanos == other.mtimeNanos
                && ctimeNanos == other.ctimeNanos);
    }
}
