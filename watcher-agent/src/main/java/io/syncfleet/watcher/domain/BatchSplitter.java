package io.syncfleet.watcher.domain;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import io.syncfleet.common.path.RelPath;
import io.syncfleet.common.topic.ChangePartitioner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns one {@link Window} into the batches to publish on {@code changes}.
 *
 * <p>Every path goes to {@link ChangePartitioner#partitionOf its partition}, so one path's changes
 * stay in order on one partition; all batches of a window share its batch id. Each rescanned root
 * gets a RESCAN batch of its own on the root's partition, published before the window's CHANGE
 * batches. CHANGE batches are grouped by partition (ascending), paths in first-seen order, and a
 * group whose encoded paths would exceed {@code maxBatchBytes} is cut into several batches, so no
 * record comes near the broker's size limit.
 */
public final class BatchSplitter {

    /** Well below Kafka's default 1 MiB record limit. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 256 * 1024;

    private final int partitions;
    private final int maxBatchBytes;

    public BatchSplitter(int partitions, int maxBatchBytes) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("maxBatchBytes must be >= 1, got " + maxBatchBytes);
        }
        this.partitions = partitions;
        this.maxBatchBytes = maxBatchBytes;
    }

    public List<PartitionedBatch> split(Window window, long publishedAtMillis, String watcher) {
        List<PartitionedBatch> out = new ArrayList<>();
        for (RelPath root : window.rescans()) {
            out.add(new PartitionedBatch(partitionOf(root), ChangeBatch.of(window.batchId(), ChangeKind.RESCAN,
                    List.of(root), window.observedAtMillis(), publishedAtMillis, watcher)));
        }
        Map<Integer, List<RelPath>> byPartition = new TreeMap<>();
        for (RelPath p : window.changed()) {
            byPartition.computeIfAbsent(partitionOf(p), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Integer, List<RelPath>> group : byPartition.entrySet()) {
            List<RelPath> chunk = new ArrayList<>();
            long bytes = 0;
            for (RelPath p : group.getValue()) {
                long size = encodedSizeBound(p);
                if (!chunk.isEmpty() && bytes + size > maxBatchBytes) {
                    out.add(change(window, group.getKey(), chunk, publishedAtMillis, watcher));
                    chunk = new ArrayList<>();
                    bytes = 0;
                }
                chunk.add(p);
                bytes += size;
            }
            out.add(change(window, group.getKey(), chunk, publishedAtMillis, watcher));
        }
        return out;
    }

    public int partitionOf(RelPath path) {
        return ChangePartitioner.partitionOf(path, partitions);
    }

    private static PartitionedBatch change(Window window, int partition, List<RelPath> paths, long publishedAtMillis,
                                           String watcher) {
        return new PartitionedBatch(partition, ChangeBatch.of(window.batchId(), ChangeKind.CHANGE, paths,
                window.observedAtMillis(), publishedAtMillis, watcher));
    }

    /** An upper bound of a path's size in the JSON value: every byte escaped as %XX, quotes and comma. */
    static long encodedSizeBound(RelPath path) {
        return 3L * path.length() + 3;
    }
}
