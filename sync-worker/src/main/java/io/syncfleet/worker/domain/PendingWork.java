package io.syncfleet.worker.domain;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The merged content of one or more {@link ChangeBatch}es, ready to plan as one sync.
 *
 * <p>Invariants, which hold whatever order the batches came in (a sync sends the state the source
 * holds when rsync runs, so the order of events inside one merge does not matter):
 * <ul>
 *   <li>{@link #rescanRoots()} holds no root that lies below another root;</li>
 *   <li>{@link #changedPaths()} holds no duplicates and no path below a rescan root (the full sync
 *       of that root covers it);</li>
 *   <li>every batch counts, heartbeats included: their ids are in {@link #batchIds()} so that their
 *       offsets are committed with the rest, though they add no paths.</li>
 * </ul>
 * Both lists are sorted by raw bytes, so plans are deterministic.
 */
public final class PendingWork {

    private final List<String> batchIds;
    private final List<RelPath> rescanRoots;
    private final List<RelPath> changedPaths;
    private final long oldestObservedAtMillis;
    private final int batchCount;

    private PendingWork(List<String> batchIds, List<RelPath> rescanRoots, List<RelPath> changedPaths,
                        long oldestObservedAtMillis, int batchCount) {
        this.batchIds = batchIds;
        this.rescanRoots = rescanRoots;
        this.changedPaths = changedPaths;
        this.oldestObservedAtMillis = oldestObservedAtMillis;
        this.batchCount = batchCount;
    }

    /** Merges batches, in the order they were consumed. */
    public static PendingWork of(List<ChangeBatch> batches) {
        Set<String> ids = new LinkedHashSet<>();
        TreeSet<RelPath> roots = new TreeSet<>();
        TreeSet<RelPath> paths = new TreeSet<>();
        long oldest = Long.MAX_VALUE;
        for (ChangeBatch b : batches) {
            ids.add(b.batchId());
            oldest = Math.min(oldest, b.observedAtMillis());
            if (b.kind() == ChangeKind.RESCAN) {
                roots.addAll(b.paths());
            } else if (b.kind() == ChangeKind.CHANGE) {
                paths.addAll(b.paths());
            }
        }
        List<RelPath> minimalRoots = outermost(roots);
        List<RelPath> uncovered = new ArrayList<>(paths.size());
        for (RelPath p : paths) {
            if (!coveredBy(minimalRoots, p)) {
                uncovered.add(p);
            }
        }
        return new PendingWork(List.copyOf(ids), minimalRoots, List.copyOf(uncovered),
                batches.isEmpty() ? 0 : oldest, batches.size());
    }

    /** Roots, sorted, without any root that another root contains. */
    private static List<RelPath> outermost(TreeSet<RelPath> sorted) {
        List<RelPath> kept = new ArrayList<>();
        for (RelPath r : sorted) {
            if (!coveredBy(kept, r)) {
                kept.add(r);
            }
        }
        // BASE ('.') sorts after names starting with bytes below '.', so check again against it
        if (kept.contains(RelPath.BASE)) {
            return List.of(RelPath.BASE);
        }
        return List.copyOf(kept);
    }

    private static boolean coveredBy(List<RelPath> roots, RelPath p) {
        for (RelPath r : roots) {
            if (r.contains(p)) {
                return true;
            }
        }
        return false;
    }

    /** Ids of the merged batches, first-seen order, without duplicates. */
    public List<String> batchIds() {
        return batchIds;
    }

    /** Roots to sync in full, outermost only. */
    public List<RelPath> rescanRoots() {
        return rescanRoots;
    }

    /** Changed paths that no rescan root covers. */
    public List<RelPath> changedPaths() {
        return changedPaths;
    }

    /** Earliest watcher observation among the batches (0 when there are none), for end-to-end latency. */
    public long oldestObservedAtMillis() {
        return oldestObservedAtMillis;
    }

    /** Number of batches merged (duplicates included: each one is a consumed record). */
    public int batchCount() {
        return batchCount;
    }

    /** True when there is something for rsync to do; false for heartbeats only, which are just committed. */
    public boolean needsSync() {
        return !rescanRoots.isEmpty() || !changedPaths.isEmpty();
    }

    /** RESCAN when any root is synced in full, CHANGE when only paths are pushed, HEARTBEAT otherwise. */
    public ChangeKind kind() {
        if (!rescanRoots.isEmpty()) {
            return ChangeKind.RESCAN;
        }
        return changedPaths.isEmpty() ? ChangeKind.HEARTBEAT : ChangeKind.CHANGE;
    }

    @Override
    public String toString() {
        return "PendingWork[batches=" + batchCount + ", rescanRoots=" + rescanRoots + ", paths="
                + changedPaths.size() + "]";
    }
}
