package io.syncfleet.worker.app;

import java.util.Objects;

/**
 * One target as this worker sees it, for {@code GET /status} and {@code syncfleet status}.
 *
 * @param id target id
 * @param url rsync destination as published on the targets topic
 * @param state the target's state from the targets topic (READY, UNHEALTHY, DEAD, RECOVERY); only READY
 *              targets are synced
 * @param lag change records not yet synced to the target by this worker (0 when it has no loop for it)
 * @param lastSyncMillis when its last successful sync ended, 0 if none yet
 * @param lastError what its last failed sync said, empty when the last sync succeeded
 * @param inFlight true while an rsync to it runs
 * @param syncs syncs run since its loop started
 */
public record TargetSyncStatus(String id, String url, String state, long lag, long lastSyncMillis, String lastError,
                               boolean inFlight, long syncs) {
    public TargetSyncStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
    }
}
