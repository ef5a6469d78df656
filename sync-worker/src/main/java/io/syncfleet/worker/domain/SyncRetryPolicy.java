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
 *   <li>PARTIAL: commit and move on; the failed paths go to the dustbin, whose retries ({@link DustbinPolicy})
 *       run beside the live stream, so one unwritable file cannot stall a target. The loop commits only after
 *       the dustbin entry is stored; if it cannot be stored, the work is retried like a TARGET_DOWN.</li>
 *   <li>FATAL_CONFIG: keep the offsets; retry every 30 s until an operator fixes the config.</li>
 * </ul>
 */
public final class SyncRetryPolicy {

    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration FATAL_RETRY = Duration.ofSeconds(30);

    /**
     * @param commit true: commit the consumed offsets and go on with new work
     * @param retryAfter when not committing: how long to wait before running the same work again
     * @param toDustbin true for a PARTIAL: store the failed paths in the dustbin before committing
     */
    public record Decision(boolean commit, Duration retryAfter, boolean toDustbin) {
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
            case PARTIAL -> new Decision(true, Duration.ZERO, true);
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
