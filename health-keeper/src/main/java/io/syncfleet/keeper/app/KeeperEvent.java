package io.syncfleet.keeper.app;

import io.syncfleet.common.event.SyncReport;
import io.syncfleet.common.event.TargetRequest;
import io.syncfleet.keeper.domain.FleetCommandOutput;
import io.syncfleet.keeper.domain.ProbeResult;
import java.util.concurrent.CompletableFuture;

/** What other threads hand to the keeper's thread ({@link KeeperLoop}), which alone touches targets' health. */
sealed interface KeeperEvent {

    /** A probe of {@code url} finished (on a probe thread). */
    record ProbeDone(String targetId, String url, ProbeResult result) implements KeeperEvent {
    }

    /** A worker's report arrived on {@code reports}. */
    record Reported(SyncReport report) implements KeeperEvent {
    }

    /** An operator's request arrived on {@code requests}; {@code done} completes once it is handled. */
    record Requested(TargetRequest request, CompletableFuture<Void> done) implements KeeperEvent {
    }

    /** {@code targets.command} ran successfully and printed this. */
    record FleetListed(FleetCommandOutput output) implements KeeperEvent {
    }
}
