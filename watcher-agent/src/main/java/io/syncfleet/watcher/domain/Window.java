package io.syncfleet.watcher.domain;

import io.syncfleet.common.path.RelPath;
import java.util.List;
import java.util.Objects;

/**
 * A closed coalescing window: what changed during it, ready to be split into batches.
 *
 * @param batchId unique id (a UUID) shared by every batch published for this window
 * @param changed changed paths, first-seen order, no repeats, none below a rescanned root
 * @param rescans directories to rescan, first-seen order, none below another one
 * @param observedAtMillis when the window's first event was seen
 */
public record Window(String batchId, List<RelPath> changed, List<RelPath> rescans, long observedAtMillis) {

    public Window {
        Objects.requireNonNull(batchId, "batchId");
        changed = List.copyOf(changed);
        rescans = List.copyOf(rescans);
    }

    /** Changed paths plus rescanned roots. */
    public int size() {
        return changed.size() + rescans.size();
    }
}
