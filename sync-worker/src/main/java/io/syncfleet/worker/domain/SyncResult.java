package io.syncfleet.worker.domain;

import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import java.util.List;
import java.util.Objects;

/**
 * How the rsync runs for one {@link PendingWork} against one target ended.
 *
 * @param outcome the worst outcome among the runs (a run after a TARGET_DOWN or FATAL_CONFIG is not tried)
 * @param reason short cause with exit code, empty on a clean OK
 * @param message cause and what happens next, empty on a clean OK
 * @param failedPaths paths reported failed (PARTIAL)
 * @param exitCode exit code of the run that decided the outcome (0 when nothing ran)
 * @param kind RESCAN when a full sync ran, CHANGE for an incremental push, HEARTBEAT when nothing had to run
 * @param pathCount paths listed to rsync
 * @param startedAtMillis when the first run started
 * @param finishedAtMillis when the last run ended
 */
public record SyncResult(SyncOutcome outcome, String reason, String message, List<String> failedPaths, int exitCode,
                         ChangeKind kind, int pathCount, long startedAtMillis, long finishedAtMillis) {

    public SyncResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        failedPaths = List.copyOf(failedPaths);
        Objects.requireNonNull(kind, "kind");
    }

    public long durationMillis() {
        return finishedAtMillis - startedAtMillis;
    }
}
