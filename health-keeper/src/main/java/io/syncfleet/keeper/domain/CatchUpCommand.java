package io.syncfleet.keeper.domain;

import java.util.Objects;

/**
 * An order to bring one target up to date, issued when the target enters recovery. Its result comes
 * back as a {@link CatchUpResult} with the same id.
 *
 * @param id unique per target and deterministic: {@code <targetId>-c<n>}, n counting the target's commands
 * @param mode replay or full sync
 * @param issuedAtMillis when it was issued
 */
public record CatchUpCommand(String id, CatchUpMode mode, long issuedAtMillis) {
    public CatchUpCommand {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mode, "mode");
    }

    /** The id of a target's {@code n}-th command. */
    public static String id(String targetId, long n) {
        return targetId + "-c" + n;
    }
}
