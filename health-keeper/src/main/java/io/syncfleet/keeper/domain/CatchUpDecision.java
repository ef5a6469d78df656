package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpMode;

import java.util.Objects;

/**
 * What {@link CatchUpPolicy} chose and why.
 *
 * @param mode replay or full sync
 * @param reason for operators, e.g. {@code outage 12s is shorter than recovery.maxReplayAge 1h and the
 *               committed offset is still in the log}
 */
public record CatchUpDecision(CatchUpMode mode, String reason) {
    public CatchUpDecision {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(reason, "reason");
    }
}
