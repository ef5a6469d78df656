package io.syncfleet.app;

/**
 * One row of the fleet status, as shown by {@code /status} and {@code syncfleet status}.
 *
 * @param lag records of {@code changes} not yet synced to this target (-1 when unknown)
 * @param lagMillis age of the oldest change not yet synced to this target (0 when none)
 * @param lastSyncMillis end of the last successful sync (0 when none yet)
 * @param lastError message of the last failed sync after the last success, or null
 */
public record TargetView(String id, String url, String state, long sinceMillis, String reason, long lag,
                         long lagMillis, long lastSyncMillis, String lastError) {
}
