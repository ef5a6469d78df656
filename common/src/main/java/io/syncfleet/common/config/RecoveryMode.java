package io.syncfleet.common.config;

/** {@code recovery.mode}: how a target that comes back catches up with what it missed. */
public enum RecoveryMode {
    /** Replay when possible (committed offset still in the log, outage shorter than maxReplayAge), else full. */
    AUTO,
    /** Replay from the committed offset; a full sync only when that offset is no longer in the log. */
    REPLAY,
    /** Always a full rsync. */
    FULL
}
