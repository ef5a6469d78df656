package io.syncfleet.worker.app;

import io.syncfleet.common.config.SyncfleetConfig;
import io.syncfleet.common.config.TargetUrl;
import io.syncfleet.common.topic.Topics;
import io.syncfleet.worker.kafka.ChangeOffsets;
import io.syncfleet.worker.kafka.DustbinPublisher;
import io.syncfleet.worker.kafka.ReportPublisher;
import io.syncfleet.worker.kafka.TargetSyncLoop;
import io.syncfleet.worker.process.SyncRunner;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link OwnedTarget} of one worker shares.
 *
 * @param control the pool the targets' {@link SerialExecutor}s run on
 * @param retries schedules the retry of a catch-up step that Kafka refused
 * @param loops makes a (not started) sync loop for a target, with its own consumer that commits to the
 *              target's group without joining it
 * @param dustbin stores the failed paths of a partial catch-up full sync before its offsets are committed
 */
record WorkerContext(String workerId, SyncfleetConfig config, Topics topics, SyncRunner syncs,
                     ReportPublisher reports, ChangeOffsets offsets, Clock clock, Executor control,
                     ScheduledExecutorService retries, LoopFactory loops, DustbinPublisher dustbin) {

    /** Makes a sync loop for a target. */
    @FunctionalInterface
    interface LoopFactory {
        TargetSyncLoop create(String targetId, TargetUrl url);
    }
}
