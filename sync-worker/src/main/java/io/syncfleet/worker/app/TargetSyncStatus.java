package io.syncfleet.worker.app;

import io.syncfleet.worker.domain.FullSyncProgress;
import java.util.Objects;

/**
 * One target this worker owns, for {@code GET /status} and {@code syncfleet status}.
 *
 * @param id target id
 * @param url rsync destination as published on the targets topic
 * @param state the target's state from the targets topic (READY, UNHEALTHY, DEAD, RECOVERY); only READY
 *              targets get live syncs
 * @param lag change records not yet synced to the target by this worker (0 when it has no loop for it)
 * @param lastSyncMillis when its last successful sync ended, 0 if none yet
 * @param lastError what its last failed sync said, empty when the last sync succeeded
 * @param inFlight true while an rsync to it runs
 * @param syncs syncs run since its loop started
 * @param catchUp the catch-up command running for it, e.g. {@code replay web3-c2}; empty when none
 * @param progress the progress of its running full sync (initial, recovery or RESCAN), or null when none runs
 */
public record TargetSyncStatus(String id, String url, String state, long lag, long lastSyncMillis, String lastError,
                               boolean inFlight, long syncs, String catchUp, FullSyncProgress progress) {
    public TargetSyncStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(catchUp, "catchUp");
    }

    /** A status with no full sync running. */
    public TargetSyncStatus(String id, String url, String state, long lag, long lastSyncMillis, String lastError,
                            boolean inFlight, long syncs, String catchUp) {
        this(id, url, state, lag, lastSyncMillis, lastError, inFlight, syncs, catchUp, null);
    }

    public TargetSyncStatus withProgress(FullSyncProgress p) {
        return new TargetSyncStatus(id, url, state, lag, lastSyncMillis, lastError, inFlight, syncs, catchUp, p);
    }
}
