package io.syncfleet.watcher.kafka;

import io.syncfleet.common.path.RelPath;
import io.syncfleet.watcher.domain.PartitionedBatch;
import java.util.List;
import java.util.Set;

/**
 * What failed sends ask of the agent once their back-off has passed.
 *
 * @param resend batches that failed with a retriable error: send them again as they are
 * @param rescanRoots roots whose changes were lost to a non-retriable error: publish a RESCAN of each
 */
public record SendRetry(List<PartitionedBatch> resend, Set<RelPath> rescanRoots) {
    public SendRetry {
        resend = List.copyOf(resend);
        rescanRoots = Set.copyOf(rescanRoots);
    }
}
