package io.syncfleet.trace;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.event.SyncOutcome;
import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.path.RelPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What happened to one path: each change batch that named it (or an ancestor: a deleted directory is
 * listed as its topmost missing ancestor, a RESCAN as its root), and for each, when every target got it.
 * Pure: built from events already read from Kafka.
 *
 * <p>A target got a change when a successful report lists the change's batch id. A batch split over
 * several partitions shares its id, and the per-partition parts may be synced by separate runs, so the
 * last successful run listing the id is taken: an upper bound, exact when one run covered the batch. A
 * target that has no such report but ran a successful full sync (a catch-up: RESCAN without batch ids)
 * that started after the change was seen got it through that full sync.
 *
 * @param path the traced path
 * @param mtimeMillis the source file's mtime, or -1 when it is gone at the source
 * @param changes the changes that named the path, oldest first
 */
public record PathTimeline(RelPath path, long mtimeMillis, List<Change> changes) {

    public PathTimeline {
        Objects.requireNonNull(path, "path");
        changes = List.copyOf(changes);
    }

    /** How a change reached (or did not reach) one target. */
    public enum Status {
        /** A run listing the change's batch succeeded. */
        SYNCED,
        /** A run listing the change's batch ended PARTIAL: some files failed, maybe this one. */
        PARTIAL,
        /** No run listing the batch succeeded, but a full sync that started later did. */
        FULL_SYNC,
        /** Runs listing the batch failed and none succeeded yet. */
        FAILED,
        /** No run for this batch reported yet. */
        PENDING
    }

    /**
     * @param atMillis when the target had it (end of the run), or 0 for FAILED and PENDING
     * @param detail the failure message, or the target's state for PENDING; empty when there is nothing to add
     */
    public record Delivery(String targetId, Status status, long atMillis, String detail) {
    }

    /**
     * @param matched the path the batch listed: the traced path itself or one of its ancestors
     */
    public record Change(ChangeBatch batch, RelPath matched, List<Delivery> deliveries) {
        public Change {
            deliveries = List.copyOf(deliveries);
        }
    }

    /**
     * @param batches change batches read from the path's partitions (any order; unrelated ones are skipped)
     * @param reports sync reports of every target (any order)
     * @param targetStates every known target's state for operators ("dead since ...: reason"), by id
     */
    public static PathTimeline build(RelPath path, long mtimeMillis, List<ChangeBatch> batches,
                                     List<SyncReport> reports, Map<String, String> targetStates) {
        TreeSet<String> targets = new TreeSet<>(targetStates.keySet());
        reports.forEach(r -> targets.add(r.targetId()));
        List<ChangeBatch> sorted = new ArrayList<>(batches);
        sorted.sort(Comparator.comparingLong(ChangeBatch::publishedAtMillis));
        List<Change> changes = new ArrayList<>();
        for (ChangeBatch b : sorted) {
            RelPath matched = matching(b, path);
            if (matched == null) {
                continue;
            }
            List<Delivery> deliveries = new ArrayList<>();
            for (String t : targets) {
                deliveries.add(delivery(t, b, reports, targetStates.getOrDefault(t, "not in the fleet")));
            }
            changes.add(new Change(b, matched, deliveries));
        }
        return new PathTimeline(path, mtimeMillis, changes);
    }

    private static RelPath matching(ChangeBatch b, RelPath path) {
        if (b.kind() == ChangeKind.HEARTBEAT) {
            return null;
        }
        for (RelPath p : b.paths()) {
            if (p.contains(path)) {
                return p;
            }
        }
        return null;
    }

    private static Delivery delivery(String target, ChangeBatch b, List<SyncReport> reports, String state) {
        SyncReport ok = null;
        SyncReport failed = null;
        SyncReport full = null;
        for (SyncReport r : reports) {
            if (!r.targetId().equals(target)) {
                continue;
            }
            boolean success = r.outcome() == SyncOutcome.OK || r.outcome() == SyncOutcome.PARTIAL;
            if (r.batchIds().contains(b.batchId())) {
                if (success) {
                    ok = later(ok, r);
                } else {
                    failed = later(failed, r);
                }
            } else if (success && r.kind() == ChangeKind.RESCAN && r.batchIds().isEmpty()
                    && r.startedAtMillis() >= b.observedAtMillis()
                    && (full == null || r.finishedAtMillis() < full.finishedAtMillis())) {
                full = r;
            }
        }
        if (ok != null) {
            return ok.outcome() == SyncOutcome.OK ? new Delivery(target, Status.SYNCED, ok.finishedAtMillis(), "")
                    : new Delivery(target, Status.PARTIAL, ok.finishedAtMillis(), ok.message());
        }
        if (full != null) {
            return new Delivery(target, Status.FULL_SYNC, full.finishedAtMillis(), full.message());
        }
        if (failed != null) {
            return new Delivery(target, Status.FAILED, 0, failed.outcome() + ": " + failed.message() + "; target "
                    + state);
        }
        return new Delivery(target, Status.PENDING, 0, "target " + state);
    }

    private static SyncReport later(SyncReport a, SyncReport b) {
        return a == null || b.finishedAtMillis() > a.finishedAtMillis() ? b : a;
    }

    /** The latest change, or null when no change named the path in the window read. */
    public Change latest() {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1);
    }
}
