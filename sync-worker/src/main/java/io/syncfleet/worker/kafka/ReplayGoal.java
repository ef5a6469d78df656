package io.syncfleet.worker.kafka;

import io.syncfleet.common.event.SyncOutcome;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * A replay a {@link TargetSyncLoop} runs for a catch-up command: reach the end offsets of {@code changes}
 * captured when the command started. The loop completes {@link #done()} (on its own thread) when the
 * target's committed progress reaches them on every partition, or when a sync fails in a way that ends
 * the replay (TARGET_DOWN, FATAL_CONFIG). It publishes the command's report itself either way.
 */
public final class ReplayGoal {

    /**
     * How the replay ended.
     *
     * @param outcome OK when the end offsets were reached; otherwise the outcome of the failed sync
     * @param records change records consumed below the end offsets
     * @param message what happened, as in the command's report
     */
    public record Result(SyncOutcome outcome, long records, String message) {
        public Result {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(message, "message");
        }

        public boolean ok() {
            return outcome == SyncOutcome.OK;
        }
    }

    private final String commandId;
    private final Map<TopicPartition, Long> endOffsets;
    private final long startedAtMillis;
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private long records; // loop thread only

    /**
     * @param commandId the catch-up command this replay carries out
     * @param endOffsets the end offsets of every partition of {@code changes}, captured before the loop started
     * @param startedAtMillis when the command started, for the report
     */
    public ReplayGoal(String commandId, Map<TopicPartition, Long> endOffsets, long startedAtMillis) {
        this.commandId = Objects.requireNonNull(commandId, "commandId");
        this.endOffsets = Map.copyOf(endOffsets);
        this.startedAtMillis = startedAtMillis;
        if (this.endOffsets.isEmpty()) {
            throw new IllegalArgumentException("replay " + commandId + " has no end offsets");
        }
    }

    public String commandId() {
        return commandId;
    }

    public Map<TopicPartition, Long> endOffsets() {
        return endOffsets;
    }

    public long startedAtMillis() {
        return startedAtMillis;
    }

    /** Completed once, by the loop's thread; callers attach to it. */
    public CompletableFuture<Result> done() {
        return done;
    }

    /** Counts a consumed record when it lies below the end offset of its partition. */
    void consumed(TopicPartition tp, long offset) {
        Long end = endOffsets.get(tp);
        if (end != null && offset < end) {
            records++;
        }
    }

    long records() {
        return records;
    }

    void complete(Result result) {
        done.complete(result);
    }
}
