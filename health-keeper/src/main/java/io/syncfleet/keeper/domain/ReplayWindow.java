package io.syncfleet.keeper.domain;

/**
 * Whether a target can still catch up by replay: the one fact about Kafka that
 * {@link TargetStateMachine} needs, asked only at the moment a target enters recovery.
 *
 * <p>The keeper answers it from its offset snapshot (the one that also gives each target's lag), so
 * an answer never blocks and the state machine stays free of Kafka and I/O; tests pass a lambda.
 */
@FunctionalInterface
public interface ReplayWindow {

    /**
     * True when replaying the target's consumer group from its committed offsets would see every change
     * since them: on each partition of {@code changes}, the committed offset is at or after the log start
     * offset. False when the group has no committed offset or retention has deleted what it points at.
     */
    boolean committedOffsetInLog(String targetId);
}
