package io.syncfleet.keeper.app;

/**
 * Where the keeper learned of a target, which decides what may remove it: only the script removes what
 * the script manages; nothing but an operator removes a static or operator-added target.
 */
enum TargetOrigin {
    /** {@code targets.static}. */
    STATIC,
    /** {@code targets.command}. */
    SCRIPT,
    /** An operator's add request during this keeper's run. */
    OPERATOR,
    /**
     * Found in the {@code targets} topic at start and not in {@code targets.static}: added at run time by an
     * earlier keeper, by the script or by an operator (the topic does not say which). When
     * {@code targets.command} is set, the script manages these.
     */
    TABLE
}
