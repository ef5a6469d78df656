package io.syncfleet.watcher.domain;

import io.syncfleet.common.event.ChangeBatch;
import io.syncfleet.common.event.ChangeKind;
import java.util.Objects;

/**
 * A batch and the {@code changes} partition it must go to.
 *
 * @param partition {@link io.syncfleet.common.topic.ChangePartitioner#partitionOf} of every path in it
 * @param batch the record value
 */
public record PartitionedBatch(int partition, ChangeBatch batch) {

    public PartitionedBatch {
        Objects.requireNonNull(batch, "batch");
        if (batch.paths().isEmpty() && batch.kind() != ChangeKind.HEARTBEAT) {
            throw new IllegalArgumentException("a published batch needs at least one path");
        }
    }

    /**
     * The record key: the first path's encoded form (informative; the partition is explicit), or null
     * for a heartbeat, which has no path.
     */
    public String key() {
        return batch.paths().isEmpty() ? null : batch.paths().get(0).encoded();
    }
}
