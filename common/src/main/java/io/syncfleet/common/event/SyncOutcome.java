package io.syncfleet.common.event;

/** How one rsync run ended, as classified in one place by the worker. */
public enum SyncOutcome {
    /** Everything was transferred. */
    OK,
    /** Some files failed (rsync 23/24 that are not harmless); the rest went through. */
    PARTIAL,
    /** The target could not be reached or stopped answering; it will be retried and caught up. */
    TARGET_DOWN,
    /** The invocation itself is wrong (bad args, missing module); an operator must fix the config. */
    FATAL_CONFIG
}
