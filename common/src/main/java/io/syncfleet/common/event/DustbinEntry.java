package io.syncfleet.common.event;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.Objects;

/**
 * The value of the {@code dustbin} topic, keyed by target id: paths that failed to reach one target in a
 * partial sync, and where their retries stand. An entry is a chain of records with the same
 * {@link #entryId()}; the latest one counts.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param entryId unique id of the entry, kept by every record of its chain
 * @param targetId the target the paths failed on
 * @param targetUrl the target's url when the paths failed
 * @param paths paths (relative to {@code source.baseDir}) to push again
 * @param rescanRoots roots to sync in full again (a full sync that failed without naming its paths)
 * @param batchIds the change batches the paths came from; a successful retry reports them synced
 * @param state where the entry stands
 * @param attempts retries run so far (0 for a fresh entry)
 * @param notBeforeMillis the next retry is not run before this time
 * @param createdAtMillis when the paths first failed
 * @param updatedAtMillis when this record was written
 * @param exitCode rsync's exit code of the latest failure
 * @param lastError what the latest failure said
 */
public record DustbinEntry(int schemaVersion, String entryId, String targetId, String targetUrl, List<RelPath> paths,
                           List<RelPath> rescanRoots, List<String> batchIds, DustbinState state, int attempts,
                           long notBeforeMillis, long createdAtMillis, long updatedAtMillis, int exitCode,
                           String lastError) {

    public static final int SCHEMA_VERSION = 1;

    public DustbinEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(targetUrl, "targetUrl");
        paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
        rescanRoots = rescanRoots == null ? List.of() : List.copyOf(rescanRoots);
        batchIds = batchIds == null ? List.of() : List.copyOf(batchIds);
        Objects.requireNonNull(state, "state");
        lastError = lastError == null ? "" : lastError;
    }

    /** The same entry in a new state, written at {@code nowMillis}. */
    public DustbinEntry next(DustbinState newState, int newAttempts, long newNotBefore, List<RelPath> newPaths,
                             List<RelPath> newRoots, int newExitCode, String error, long nowMillis) {
        return new DustbinEntry(SCHEMA_VERSION, entryId, targetId, targetUrl, newPaths, newRoots, batchIds, newState,
                newAttempts, newNotBefore, createdAtMillis, nowMillis, newExitCode, error);
    }

    /** The same entry in a new state, paths and error unchanged. */
    public DustbinEntry withState(DustbinState newState, int newAttempts, long newNotBefore, long nowMillis) {
        return next(newState, newAttempts, newNotBefore, paths, rescanRoots, exitCode, lastError, nowMillis);
    }

    /** Paths and roots together, for messages. */
    public int pathCount() {
        return paths.size() + rescanRoots.size();
    }
}
