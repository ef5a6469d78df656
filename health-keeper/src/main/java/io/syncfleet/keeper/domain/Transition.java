package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpCommand;

import java.util.Objects;
import java.util.Optional;

/**
 * The answer of {@link TargetStateMachine#on}: the target's next health and what to do about it.
 *
 * @param next the target's health from now on (keep it; pass it to the next call)
 * @param changed true when the state changed: publish {@code next} to the {@code targets} topic and run
 *                the state-change hook
 * @param reason what happened, for operators; on a change it is also {@code next.reason()}
 * @param command a catch-up command issued by this transition (only on entering recovery): publish it
 */
public record Transition(TargetHealth next, boolean changed, String reason, Optional<CatchUpCommand> command) {

    public Transition {
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(command, "command");
    }

    /** When the next probe of the target is due. */
    public long nextProbeAtMillis() {
        return next.nextProbeAtMillis();
    }
}
