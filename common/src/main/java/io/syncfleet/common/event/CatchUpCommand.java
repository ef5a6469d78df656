package io.syncfleet.common.event;

import java.util.Objects;

/**
 * An order to bring one target up to date, issued by the health keeper when the target enters
 * recovery (or by an operator's replay), carried in {@link TargetStatus#command()}. A worker runs it and
 * reports the result as a {@link SyncReport} with the same {@code commandId}.
 *
 * @param id unique per target and deterministic: {@code <targetId>-c<n>}, n counting the target's commands
 * @param mode replay or full sync
 * @param issuedAtMillis when it was issued
 * @param replayFromMillis for an operator's replay: reset the target's group to this time first
 *     ({@code offsetsForTimes}); -1 to replay from the committed offset
 */
public record CatchUpCommand(String id, CatchUpMode mode, long issuedAtMillis, long replayFromMillis) {
    public CatchUpCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
    }

    public CatchUpCommand(String id, CatchUpMode mode, long issuedAtMillis) {
        this(id, mode, issuedAtMillis, -1);
    }

    /** The id of a target's {@code n}-th command. */
    public static String id(String targetId, long n) {
        return targetId + "-c" + n;
    }
}
