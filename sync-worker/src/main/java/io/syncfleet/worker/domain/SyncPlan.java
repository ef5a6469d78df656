package io.syncfleet.worker.domain;

import io.syncfleet.common.path.RelPath;
import java.util.List;

/**
 * What {@link RsyncPlanner} made of one {@link PendingWork}.
 *
 * @param invocations the rsync runs, in the order to run them (full syncs first); empty when there is nothing to send
 * @param missingRoots rescan roots that do not exist at the source: nothing is sent or deleted for them
 *                     (a vanished watched root is more likely an unmounted disk than a wish to empty every target)
 */
public record SyncPlan(List<RsyncInvocation> invocations, List<RelPath> missingRoots) {

    public SyncPlan {
        invocations = List.copyOf(invocations);
        missingRoots = List.copyOf(missingRoots);
    }

    /** True when any invocation is a full sync. */
    public boolean hasFullSync() {
        return invocations.stream().anyMatch(i -> i.kind() == RsyncInvocation.Kind.FULL);
    }

    /** Paths listed over all incremental invocations. */
    public int pathCount() {
        return invocations.stream().mapToInt(RsyncInvocation::pathCount).sum();
    }
}
