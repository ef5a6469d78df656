package io.syncfleet.common.event;

import java.util.Objects;

/**
 * An operator's request to the health keeper, the value of the {@code requests} topic keyed by target
 * id. Written by {@code syncfleet targets add|remove} and {@code syncfleet replay}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION}
 * @param requestId unique id, for logs
 * @param action what to do
 * @param targetId the target
 * @param url the target's URL (ADD only, else null)
 * @param sinceMillis REPLAY: replay changes since this time; else -1
 * @param requestedBy who asked (user@host), for the audit trail in the target's reason
 * @param requestedAtMillis when
 */
public record TargetRequest(int schemaVersion, String requestId, Action action, String targetId, String url,
                            long sinceMillis, String requestedBy, long requestedAtMillis) {

    public static final int SCHEMA_VERSION = 1;

    /** What an operator asks for. */
    public enum Action {
        /** Add a target at run time: it gets a full sync first, then joins live sync. */
        ADD,
        /** Remove a target: its loops stop and its consumer group is deleted. */
        REMOVE,
        /** Reset the target's group to {@code sinceMillis} and resync from there. */
        REPLAY,
        /** Run a full sync of the target now. */
        FULL_SYNC
    }

    public TargetRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(requestedBy, "requestedBy");
        if (action == Action.ADD) {
            Objects.requireNonNull(url, "url is required to add a target");
        }
    }
}
