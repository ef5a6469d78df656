package io.syncfleet.worker.domain;

import io.syncfleet.common.event.SyncOutcome;
import java.time.Duration;

/**
 * What a target's loop does after a sync ended: commit and move on, or keep the offsets and try the
 * same work again later.
 *
 * <ul>
 *   <li>OK: commit.</li>
 *   <li>TARGET_DOWN: keep the offsets; retry after 1 s, doubling up to 30 s. The changes wait in Kafka, so an
 *       outage of any length loses nothing.</li>
 *   <li>PARTIAL: retry up to {@link #PARTIAL_RETRIES} times with the same backoff, then commit (the failed
 *       paths are logged; a dustbin for them comes later), so one unreadable file cannot stall a target.</li>
 *   <li>FATAL_CONFIG: keep the offsets; retry every 30 s until an operator fixes the config.</li>
 * </ul>
 */
public final class SyncRetryPolicy {

    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration FATAL_RETRY = Duration.ofSeconds(30);
    public static final int PARTIAL_RETRIES = 3;

    /**
     * @param commit true: commit the consumed offsets and go on with new work
     * @param retryAfter when not committing: how long to wait before running the same work again
     * @param gaveUp true when a PARTIAL is committed after its retries: the failed paths are not on the target
     */
    public record Decision(boolean commit, Duration retryAfter, boolean gaveUp) {
        static Decision commitNow() {
            return new Decision(true, Duration.ZERO, false);
        }

        static Decision retry(Duration after) {
            return new Decision(false, after, false);
        }
    }

    /**
     * @param outcome how the latest run of this work ended
     * @param attempts runs of this work so far that ended with this same outcome, the latest included (1 at first)
     */
    public Decision decide(SyncOutcome outcome, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, got " + attempts);
        }
        return switch (outcome) {
            case OK -> Decision.commitNow();
            case TARGET_DOWN -> Decision.retry(backoff(attempts));
            case PARTIAL -> attempts > PARTIAL_RETRIES ? new Decision(true, Duration.ZERO, true)
                    : Decision.retry(backoff(attempts));
            case FATAL_CONFIG -> Decision.retry(FATAL_RETRY);
        };
    }

    /** 1 s, 2 s, 4 s, ... capped at 30 s. */
    public static Duration backoff(int attempts) {
        int shift = Math.min(attempts - 1, 5);
        Duration d = FIRST_BACKOFF.multipliedBy(1L << shift);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
