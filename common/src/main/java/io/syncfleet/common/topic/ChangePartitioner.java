package io.syncfleet.common.topic;

import io.syncfleet.common.path.RelPath;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code changes} a path belongs to. Every change of one path goes to one
 * partition, so a worker sees a path's changes in order.
 */
public final class ChangePartitioner {

    private ChangePartitioner() {
    }

    public static int partitionOf(RelPath path, int partitions) {
        return Utils.toPositive(Utils.murmur2(path.bytes())) % partitions;
    }
}
