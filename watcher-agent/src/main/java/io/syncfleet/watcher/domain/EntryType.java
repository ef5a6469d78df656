package io.syncfleet.watcher.domain;

/**
 * What a path names, as far as exclude matching cares: rsync's trailing-'/' patterns match
 * directories only. A symlink is a {@link #FILE} (rsync runs without {@code -L}).
 */
public enum EntryType {
    FILE,
    DIRECTORY,
    /** Gone before it could be looked at (a deleted path that was not a watched directory). */
    UNKNOWN
}
