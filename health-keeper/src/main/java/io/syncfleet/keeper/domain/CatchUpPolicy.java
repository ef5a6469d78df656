package io.syncfleet.keeper.domain;

import io.syncfleet.common.event.CatchUpMode;

import io.syncfleet.common.config.Durations;
import io.syncfleet.common.config.RecoveryConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses how a target that came back catches up: replay its consumer group from the committed offset,
 * or run a full rsync. Pure: the facts come in as arguments.
 *
 * <ul>
 *   <li>{@code recovery.mode: full}: always {@link CatchUpMode#FULL}.</li>
 *   <li>{@code replay}: {@link CatchUpMode#REPLAY}, unless the committed offset is not in the log
 *       (none committed, or deleted by retention): a replay would silently skip what was deleted, so
 *       {@link CatchUpMode#FULL}.</li>
 *   <li>{@code auto}: {@link CatchUpMode#REPLAY} when the committed offset is in the log <em>and</em>
 *       the outage is strictly shorter than {@code recovery.maxReplayAge}; otherwise
 *       {@link CatchUpMode#FULL}. An outage of exactly maxReplayAge gets a full sync. An unknown outage
 *       start (negative) counts as too long.</li>
 * </ul>
 *
 * <p>The outage runs from when the target last left ready to now; a start in the future (clock skew)
 * counts as no outage. The reason names every fact that decided, for the target's status.
 */
public final class CatchUpPolicy {

    static final String OFFSET_GONE = "the committed offset is not in the log (none committed, or deleted by retention)";

    private CatchUpPolicy() {
    }

    public static CatchUpDecision decide(RecoveryConfig config, long outageStartMillis, long nowMillis,
                                         boolean committedOffsetInLog) {
        return switch (config.mode()) {
            case FULL -> new CatchUpDecision(CatchUpMode.FULL, "recovery.mode is full");
            case REPLAY -> committedOffsetInLog
                    ? new CatchUpDecision(CatchUpMode.REPLAY, "recovery.mode is replay and the committed offset is"
                            + " still in the log")
                    : new CatchUpDecision(CatchUpMode.FULL, OFFSET_GONE + ", so it cannot be replayed");
            case AUTO -> auto(config, outageStartMillis, nowMillis, committedOffsetInLog);
        };
    }

    private static CatchUpDecision auto(RecoveryConfig config, long outageStartMillis, long nowMillis,
                                        boolean committedOffsetInLog) {
        String maxAge = "recovery.maxReplayAge " + Durations.format(config.maxReplayAge());
        boolean known = outageStartMillis >= 0;
        long outage = Math.max(0, nowMillis - outageStartMillis);
        boolean shortOutage = known && outage < config.maxReplayAge().toMillis();
        if (committedOffsetInLog && shortOutage) {
            return new CatchUpDecision(CatchUpMode.REPLAY, "outage " + Elapsed.text(outage) + " is shorter than "
                    + maxAge + " and the committed offset is still in the log");
        }
        List<String> why = new ArrayList<>();
        if (!committedOffsetInLog) {
            why.add(OFFSET_GONE);
        }
        if (!known) {
            why.add("the outage start is unknown");
        } else if (!shortOutage) {
            why.add("outage " + Elapsed.text(outage) + " is not shorter than " + maxAge);
        }
        return new CatchUpDecision(CatchUpMode.FULL, String.join(" and ", why));
    }
}
