package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpCommand;

import io.syncfleet.common.event.TargetState;
import io.syncfleet.common.event.TargetStatus;
import java.util.Objects;

/**
 * What the health keeper knows about one target; {@link TargetStateMachine} makes the next one.
 * Immutable.
 *
 * @param id target id
 * @param url target URL as configured
 * @param state current state
 * @param sinceMillis when it entered {@code state}
 * @param reason why it is in {@code state}, for operators (published with the state)
 * @param probes probe results counted since it entered {@code state}: in unhealthy, the round so far
 * @param failures how many of those failed
 * @param outageStartMillis when it last left ready (for a new target: when it was added); -1 if never
 * @param pendingCommand the catch-up it waits for: set exactly when {@code state} is recovery, else null
 * @param fullSyncOwed true while the target has never completed a full sync (a new target) or its last full
 *                     sync did not finish: its next catch-up is full whatever the policy says, because a
 *                     replay would start from offsets that a full sync captured but never completed
 * @param commands catch-up commands issued so far; the next one is number {@code commands + 1}
 * @param nextProbeAtMillis when the next probe is due
 */
public record TargetHealth(String id, String url, TargetState state, long sinceMillis, String reason, int probes,
                           int failures, long outageStartMillis, CatchUpCommand pendingCommand, boolean fullSyncOwed,
                           long commands, long nextProbeAtMillis) {

    public TargetHealth {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        if ((state == TargetState.RECOVERY) != (pendingCommand != null)) {
            throw new IllegalArgumentException("target [" + id + "]: a pending catch-up command goes with state"
                    + " RECOVERY and only with it; got " + state + " with command " + pendingCommand);
        }
        if (probes < 0 || failures < 0 || failures > probes) {
            throw new IllegalArgumentException("target [" + id + "]: bad counts, " + failures + " failures of "
                    + probes + " probes");
        }
    }

    /** True when a probe is due at {@code nowMillis}. */
    public boolean probeDue(long nowMillis) {
        return nowMillis >= nextProbeAtMillis;
    }

    /** The pending command's id, or null; what the {@code targets} topic carries. */
    public String pendingCommandId() {
        return pendingCommand == null ? null : pendingCommand.id();
    }

    /** The same health at another URL (the target moved; its state stays). */
    public TargetHealth withUrl(String newUrl) {
        return new TargetHealth(id, newUrl, state, sinceMillis, reason, probes, failures, outageStartMillis,
                pendingCommand, fullSyncOwed, commands, nextProbeAtMillis);
    }

    /** What the {@code targets} topic carries for this health: the pending command only in recovery. */
    public TargetStatus status() {
        return new TargetStatus(TargetStatus.SCHEMA_VERSION, id, url, state, sinceMillis, reason, pendingCommand);
    }
}
