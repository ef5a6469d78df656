package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpCommand;

import java.util.Objects;

/**
 * A worker finished a catch-up command. Only the result for the target's pending command counts; a
 * result for any other command id is stale and ignored.
 *
 * @param commandId the {@link CatchUpCommand#id()} it answers
 * @param ok true when the target is caught up
 * @param detail what happened, for operators; may be empty
 */
public record CatchUpResult(String commandId, boolean ok, String detail) implements Signal {
    public CatchUpResult {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(detail, "detail");
    }
}
