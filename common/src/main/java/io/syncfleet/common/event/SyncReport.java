package io.syncfleet.common.event;

import java.util.List;
import java.util.Objects;

/**
 * The value of the {@code reports} topic, keyed by target id: one rsync run against one target.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param targetId the target
 * @param batchIds ids of the change batches this run covered
 * @param kind CHANGE for an incremental push, RESCAN for a full sync
 * @param fileCount paths listed (incremental) or 0 for a full sync
 * @param outcome classified result
 * @param exitCode rsync's exit code, -1 when it could not be started
 * @param message what happened next, for operators; empty on success
 * @param oldestObservedAtMillis the earliest watcher observation among the batches, for end-to-end latency
 * @param startedAtMillis when rsync started
 * @param finishedAtMillis when rsync ended
 * @param commandId the catch-up command this run carried out (its result moves the target on), or null
 * @param dustbin null for a live sync; for a retry of a dustbin entry, the entry's state after it: DONE (the
 *                paths arrived), WAITING (failed, retried later) or PARKED (failed {@code dustbin.maxAttempts}
 *                times: an operator must look; alert on it)
 * @param changeRanges the records of {@code changes} a live sync covered, per partition (empty otherwise): which
 *                     part of a batch reached the target (the watcher splits a batch over partitions, and a
 *                     target may sync the parts in different runs)
 */
public record SyncReport(int schemaVersion, String targetId, List<String> batchIds, ChangeKind kind, int fileCount,
                         SyncOutcome outcome, int exitCode, String message, long oldestObservedAtMillis,
                         long startedAtMillis, long finishedAtMillis, String commandId, DustbinState dustbin,
                         List<OffsetRange> changeRanges) {

    public static final int SCHEMA_VERSION = 1;

    public SyncReport {
        Objects.requireNonNull(targetId, "targetId");
        batchIds = List.copyOf(Objects.requireNonNull(batchIds, "batchIds"));
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(message, "message");
        changeRanges = changeRanges == null ? List.of() : List.copyOf(changeRanges);
    }

    /** A report without offset ranges. */
    public SyncReport(int schemaVersion, String targetId, List<String> batchIds, ChangeKind kind, int fileCount,
                      SyncOutcome outcome, int exitCode, String message, long oldestObservedAtMillis,
                      long startedAtMillis, long finishedAtMillis, String commandId, DustbinState dustbin) {
        this(schemaVersion, targetId, batchIds, kind, fileCount, outcome, exitCode, message, oldestObservedAtMillis,
                startedAtMillis, finishedAtMillis, commandId, dustbin, List.of());
    }

    /** A report not about a dustbin entry. */
    public SyncReport(int schemaVersion, String targetId, List<String> batchIds, ChangeKind kind, int fileCount,
                      SyncOutcome outcome, int exitCode, String message, long oldestObservedAtMillis,
                      long startedAtMillis, long finishedAtMillis, String commandId) {
        this(schemaVersion, targetId, batchIds, kind, fileCount, outcome, exitCode, message, oldestObservedAtMillis,
                startedAtMillis, finishedAtMillis, commandId, null);
    }

    /** True when this report parks a dustbin entry: paths that did not reach the target after every retry. */
    public boolean parksDustbinEntry() {
        return dustbin == DustbinState.PARKED;
    }

    /** A report of a live sync, not tied to a catch-up command. */
    public SyncReport(int schemaVersion, String targetId, List<String> batchIds, ChangeKind kind, int fileCount,
                      SyncOutcome outcome, int exitCode, String message, long oldestObservedAtMillis,
                      long startedAtMillis, long finishedAtMillis) {
        this(schemaVersion, targetId, batchIds, kind, fileCount, outcome, exitCode, message, oldestObservedAtMillis,
                startedAtMillis, finishedAtMillis, null);
    }
}
