package io.syncfleet.watcher.fs;

import io.syncfleet.watcher.domain.PathEvent;
import java.util.List;

/**
 * Receives what a {@link WatchBackend} sees. Called from backend threads, possibly several at once;
 * implementations must be thread-safe, quick, and must not call back into the backend.
 */
@FunctionalInterface
public interface WatchListener {

    /**
     * Events in the order the backend saw them, typically those of one directory at a time; never
     * empty. OVERFLOW events are delivered like any other and must not be dropped.
     */
    void onEvents(List<PathEvent> events);
}
