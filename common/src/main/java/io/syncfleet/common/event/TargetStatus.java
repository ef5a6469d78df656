package io.syncfleet.common.event;

import java.util.Objects;

/**
 * The value of the compacted {@code targets} topic, keyed by target id. A null value (tombstone)
 * means the target was removed from the fleet. The health keeper is the only writer.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param targetId the target's id, same as the record key
 * @param url rsync destination ({@code rsync://host[:port]/module[/path]} or {@code [user@]host:/path})
 * @param state current state
 * @param sinceMillis when the target entered {@code state}
 * @param reason why it is in this state, in words for operators
 * @param command the catch-up the workers must run (in {@link TargetState#RECOVERY}), or null
 */
public record TargetStatus(int schemaVersion, String targetId, String url, TargetState state, long sinceMillis,
                           String reason, CatchUpCommand command) {

    public static final int SCHEMA_VERSION = 1;

    public TargetStatus {
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
    }

    public static TargetStatus of(String targetId, String url, TargetState state, long sinceMillis, String reason) {
        return new TargetStatus(SCHEMA_VERSION, targetId, url, state, sinceMillis, reason, null);
    }

    /** The pending command's id, or null. */
    public String pendingCommandId() {
        return command == null ? null : command.id();
    }
}
