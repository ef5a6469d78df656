package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.OffsetRange;
import io.syncfleet.common.path.RelPath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides when the after-sync hooks run: {@code hooks.afterSyncPerTarget} once per change batch and target that
 * has the whole batch, {@code hooks.afterSync} once per batch when every ready target has it.
 *
 * <p>The watcher splits a batch into parts, one per partition of {@code changes}, with the same id, and a
 * target may sync the parts in different runs. So the tracker works on parts: it learns each part's
 * partition, offset and paths from {@code changes} ({@link #partSeen}), and which records each target has
 * from the offset ranges of OK reports ({@link #reported}). A part covered by a PARTIAL report counts once a
 * dustbin retry reports the part's batch DONE for that target. Reports and parts may come in any order.
 *
 * <p>A batch is decided only after its last part has been known for {@code settleMillis} (the parts are
 * published together, so by then all are known), at the next {@link #evaluate}. It is complete when at least
 * one target and every target ready now has every part; targets that are not ready are not waited for (their
 * catch-up covers them).
 *
 * <p>Bounds: a batch is forgotten {@code maxWaitMillis} after its first part was seen (an incomplete one is
 * returned by {@link #evaluate} for a log line); when more than {@code maxPaths} paths are held, the oldest
 * batches go first. Each target's OK ranges are merged per partition, so they stay a few intervals.
 *
 * <p>Pure: no threads, no Kafka, time comes in as millis.
 */
public final class AfterSyncTracker {

    /**
     * One hook run.
     *
     * @param batchId the batch
     * @param targetId the target for a per-target run; null for the run after every ready target has it
     * @param paths the batch's paths, sorted
     * @param targets the targets that have the batch
     */
    public record Firing(String batchId, String targetId, List<RelPath> paths, List<String> targets) {
        public Firing {
            Objects.requireNonNull(batchId, "batchId");
            paths = List.copyOf(paths);
            targets = List.copyOf(targets);
        }

        public boolean perTarget() {
            return targetId != null;
        }
    }

    /** A batch given up on: it did not reach every ready target in time. */
    public record Expired(String batchId, int pathCount, List<String> reached) {
    }

    /** What {@link #evaluate} found. */
    public record Outcome(List<Firing> firings, List<Expired> expired) {
    }

    private record Part(int partition, long offset) {
    }

    private static final class Batch {
        final String id;
        final long firstSeenMillis;
        long lastPartMillis;
        final Map<Part, List<RelPath>> parts = new LinkedHashMap<>();
        final Set<String> firedPerTarget = new LinkedHashSet<>();
        boolean complete;

        Batch(String id, long firstSeenMillis) {
            this.id = id;
            this.firstSeenMillis = firstSeenMillis;
        }

        int pathCount() {
            return parts.values().stream().mapToInt(List::size).sum();
        }
    }

    /** A PARTIAL report's ranges: they count once the listed batches are DONE for the target. */
    private record Pending(List<OffsetRange> ranges, Set<String> batchIds, long atMillis) {
    }

    private final long settleMillis;
    private final long maxWaitMillis;
    private final int maxPaths;
    private final boolean perTarget;
    private final boolean all;
    private final Map<String, Batch> batches = new LinkedHashMap<>();
    /** target -> partition -> disjoint sorted [from, until) intervals of records synced OK. */
    private final Map<String, Map<Integer, List<long[]>>> synced = new HashMap<>();
    private final Map<String, List<Pending>> pending = new HashMap<>();
    private final Map<String, Set<String>> doneBatches = new HashMap<>();
    private int heldPaths;

    /**
     * @param perTarget true when {@code hooks.afterSyncPerTarget} is set
     * @param all true when {@code hooks.afterSync} is set
     */
    public AfterSyncTracker(long settleMillis, long maxWaitMillis, int maxPaths, boolean perTarget, boolean all) {
        this.settleMillis = settleMillis;
        this.maxWaitMillis = maxWaitMillis;
        this.maxPaths = maxPaths;
        this.perTarget = perTarget;
        this.all = all;
    }

    /** A part of a batch was read from {@code changes} at this partition and offset. Empty parts are ignored. */
    public void partSeen(String batchId, int partition, long offset, List<RelPath> paths, long nowMillis) {
        if (paths.isEmpty()) {
            return;
        }
        Batch b = batches.computeIfAbsent(batchId, id -> new Batch(id, nowMillis));
        if (b.parts.putIfAbsent(new Part(partition, offset), List.copyOf(paths)) == null) {
            heldPaths += paths.size();
            b.lastPartMillis = nowMillis;
        }
        trim();
    }

    /**
     * A target's report.
     *
     * @param ok true for an OK report: its ranges are synced
     * @param partial true for a PARTIAL live report: its ranges count once its batches are DONE
     * @param doneBatchIds batches a dustbin retry reported DONE for this target (empty otherwise)
     */
    public void reported(String targetId, boolean ok, boolean partial, List<OffsetRange> ranges,
                         List<String> batchIds, List<String> doneBatchIds, long nowMillis) {
        if (ok) {
            Map<Integer, List<long[]>> byPartition = synced.computeIfAbsent(targetId, t -> new HashMap<>());
            for (OffsetRange r : ranges) {
                merge(byPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()), r.from(), r.until());
            }
        } else if (partial && !ranges.isEmpty()) {
            pending.computeIfAbsent(targetId, t -> new ArrayList<>())
                    .add(new Pending(List.copyOf(ranges), Set.copyOf(batchIds), nowMillis));
        }
        if (!doneBatchIds.isEmpty()) {
            doneBatches.computeIfAbsent(targetId, t -> new HashSet<>()).addAll(doneBatchIds);
        }
    }

    /** Runs due now, and batches given up on; forgets what is too old. */
    public Outcome evaluate(Set<String> ready, long nowMillis) {
        List<Firing> firings = new ArrayList<>();
        List<Expired> expired = new ArrayList<>();
        Set<String> targets = new TreeSet<>(synced.keySet());
        targets.addAll(doneBatches.keySet());
        for (Iterator<Batch> it = batches.values().iterator(); it.hasNext(); ) {
            Batch b = it.next();
            boolean tooOld = nowMillis - b.firstSeenMillis >= maxWaitMillis;
            if (nowMillis - b.lastPartMillis >= settleMillis) {
                decide(b, targets, ready, firings);
            }
            if (tooOld) {
                it.remove();
                heldPaths -= b.pathCount();
                if (!b.complete && all) {
                    expired.add(new Expired(b.id, b.pathCount(), reachedBy(b, targets)));
                }
            }
        }
        pending.values().forEach(l -> l.removeIf(p -> nowMillis - p.atMillis() >= maxWaitMillis));
        pending.values().removeIf(List::isEmpty);
        if (batches.isEmpty()) {
            doneBatches.clear();
        }
        return new Outcome(firings, expired);
    }

    /** Batches held now. */
    public int size() {
        return batches.size();
    }

    private void decide(Batch b, Set<String> targets, Set<String> ready, List<Firing> out) {
        if (b.complete && (!perTarget || b.firedPerTarget.containsAll(targets))) {
            return;
        }
        List<String> reached = reachedBy(b, targets);
        if (perTarget) {
            for (String t : reached) {
                if (b.firedPerTarget.add(t)) {
                    out.add(new Firing(b.id, t, paths(b), List.of(t)));
                }
            }
        }
        if (!b.complete && !reached.isEmpty() && reached.containsAll(ready)) {
            b.complete = true;
            if (all) {
                out.add(new Firing(b.id, null, paths(b), reached));
            }
        }
    }

    private List<String> reachedBy(Batch b, Set<String> targets) {
        List<String> out = new ArrayList<>();
        for (String t : targets) {
            if (b.parts.keySet().stream().allMatch(p -> has(t, b.id, p))) {
                out.add(t);
            }
        }
        return out;
    }

    private boolean has(String target, String batchId, Part p) {
        for (long[] iv : synced.getOrDefault(target, Map.of()).getOrDefault(p.partition(), List.of())) {
            if (p.offset() >= iv[0] && p.offset() < iv[1]) {
                return true;
            }
        }
        if (!doneBatches.getOrDefault(target, Set.of()).contains(batchId)) {
            return false;
        }
        for (Pending pd : pending.getOrDefault(target, List.of())) {
            if (pd.batchIds().contains(batchId)
                    && pd.ranges().stream().anyMatch(r -> r.contains(p.partition(), p.offset()))) {
                return true;
            }
        }
        return false;
    }

    private static List<RelPath> paths(Batch b) {
        TreeSet<RelPath> all = new TreeSet<>();
        b.parts.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** Adds [from, until) to disjoint sorted intervals, merging what touches. */
    static void merge(List<long[]> intervals, long from, long until) {
        if (until <= from) {
            return;
        }
        long lo = from;
        long hi = until;
        List<long[]> kept = new ArrayList<>();
        for (long[] iv : intervals) {
            if (iv[1] < lo || iv[0] > hi) {
                kept.add(iv);
            } else {
                lo = Math.min(lo, iv[0]);
                hi = Math.max(hi, iv[1]);
            }
        }
        kept.add(new long[] {lo, hi});
        kept.sort((x, y) -> Long.compare(x[0], y[0]));
        intervals.clear();
        intervals.addAll(kept);
    }

    private void trim() {
        for (Iterator<Batch> it = batches.values().iterator(); it.hasNext() && heldPaths > maxPaths; ) {
            Batch b = it.next();
            it.remove();
            heldPaths -= b.pathCount();
        }
    }
}
