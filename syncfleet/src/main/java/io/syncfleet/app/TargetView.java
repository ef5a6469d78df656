package io.syncfleet.app;

import io.syncfleet.worker.domain.FullSyncProgress;

/**
 * One row of the fleet status, as shown by {@code /status} and {@code syncfleet status}.
 *
 * @param lag records of {@code changes} not yet synced to this target (-1 when unknown)
 * @param lagMillis age of the oldest change not yet synced to this target (0 when none)
 * @param lastSyncMillis end of the last successful sync (0 when none yet)
 * @param lastError message of the last failed sync after the last success, or null
 * @param progress the running full sync's progress when a worker of this process runs it, else null
 */
public record TargetView(String id, String url, String state, long sinceMillis, String reason, long lag,
                         long lagMillis, long lastSyncMillis, String lastError, FullSyncProgress progress) {

    /** A row without progress, as read from Kafka. */
    public TargetView(String id, String url, String state, long sinceMillis, String reason, long lag,
                      long lagMillis, long lastSyncMillis, String lastError) {
        this(id, url, state, sinceMillis, reason, lag, lagMillis, lastSyncMillis, lastError, null);
    }

    public TargetView withProgress(FullSyncProgress p) {
        return new TargetView(id, url, state, sinceMillis, reason, lag, lagMillis, lastSyncMillis, lastError, p);
    }
}
