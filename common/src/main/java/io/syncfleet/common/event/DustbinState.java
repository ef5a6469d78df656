package io.syncfleet.common.event;

/** Where a {@link DustbinEntry} stands; the latest record of an entry id is its state. */
public enum DustbinState {
    /** Waits for its next retry at {@link DustbinEntry#notBeforeMillis()}. */
    WAITING,
    /** Retried {@code dustbin.maxAttempts} times without success: waits for an operator's retry or drop. */
    PARKED,
    /** A retry succeeded: the paths are on the target. */
    DONE,
    /** An operator dropped it. */
    DROPPED
}
