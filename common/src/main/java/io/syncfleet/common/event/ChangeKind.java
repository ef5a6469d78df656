package io.syncfleet.common.event;

/** What a {@link ChangeBatch} asks of the workers. */
public enum ChangeKind {
    /** The listed paths changed: push what each holds now (or delete it on the target if it is gone). */
    CHANGE,
    /** The listed roots may have changed in ways the watcher could not see: full {@code rsync -a --delete} of each. */
    RESCAN,
    /** No change; proves the watcher is alive. Workers commit past it. */
    HEARTBEAT
}
