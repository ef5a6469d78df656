package io.syncfleet.common.event;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.Objects;

/**
 * A coalesced set of changed paths, the value of the {@code changes} topic.
 *
 * <p>The watcher splits one coalesced window into one batch per partition, so a path always lands on
 * the same partition and keeps its order. Paths are relative to {@code source.baseDir}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param batchId unique id of the window this batch came from (shared by its per-partition parts)
 * @param kind what to do with the paths
 * @param paths changed paths, or roots to rescan; empty for a heartbeat
 * @param observedAtMillis when the watcher saw the first event of the window
 * @param publishedAtMillis when the watcher handed the batch to the producer
 * @param watcher id of the publishing watcher (host name), for traces
 */
public record ChangeBatch(int schemaVersion, String batchId, ChangeKind kind, List<RelPath> paths,
                          long observedAtMillis, long publishedAtMillis, String watcher) {

    public static final int SCHEMA_VERSION = 1;

    public ChangeBatch {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(kind, "kind");
        paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
        Objects.requireNonNull(watcher, "watcher");
    }

    public static ChangeBatch of(String batchId, ChangeKind kind, List<RelPath> paths, long observedAtMillis,
                                 long publishedAtMillis, String watcher) {
        return new ChangeBatch(SCHEMA_VERSION, batchId, kind, paths, observedAtMillis, publishedAtMillis, watcher);
    }
}
